/**
 * How many conversion workers a command line will use, told before the CLI is loaded so
 * they can be started early. It reads only what decides the number (`--jobs`, `-j`);
 * anything it cannot read gives 0, and the pool starts its workers as before. The
 * command's own parsing still judges every flag.
 */
import { availableParallelism } from 'node:os';

/** The workers a `convert` command line will use (`jobs - 1`, at most one per core but the main thread's), or 0 when it is not one or cannot be told. */
export function workersFor(argv: readonly string[], cores: number = availableParallelism()): number {
  if (argv[0] !== 'convert') return 0;
  let jobs: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    // Standard input is converted on the main thread; help converts nothing.
    // An --incremental run often converts a few files or none: the pool starts workers when it needs them.
    if (arg === '-' || arg === '--help' || arg === '-h' || arg === '--incremental') return 0;
    if (arg === '--jobs' || arg === '-j') jobs = argv[++i];
    else if (arg.startsWith('--jobs=')) jobs = arg.slice('--jobs='.length);
  }
  if (jobs === undefined) return cores - 1;
  // Beyond one per core, early workers would only compete for the cores the main thread is
  // loading on, and a --jobs far above the file count (99999) would start that many threads
  // before the run knows it needs one per file: V8 ran out of memory and aborted. The pool
  // starts whatever more the files call for.
  return /^\d+$/.test(jobs) ? Math.min(Math.max(0, Number(jobs) - 1), cores - 1) : 0;
}
