/** Runs the CLI in-process with collecting streams, as `rollout-kit <argv>` from the repo root. */
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { createCollector, REPO_ROOT } from '../trajectory/convert-records.js';

export type CliRun = { code: number; stdout: string; stderr: string };

export async function runCliCollecting(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const stdout = createCollector();
  const stderr = createCollector();
  const io: CliIo = { stdout: stdout.stream, stderr: stderr.stream, isTTY: false, env, cwd: REPO_ROOT };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
