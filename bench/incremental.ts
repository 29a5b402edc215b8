/**
 * Incremental rebuilds (issue 15): `convert --incremental` over a copy of the corpus (hard
 * links), measured against a clean build of the same tree in the same run: the first
 * incremental build (which fills the cache), a rebuild with nothing changed, and
 * rebuilds after 1% of the files grew by a line (a different 1% each run): the first
 * files in path order (the oldest sessions, in the first shard; the shards after it keep
 * their records), and the last
 * (the newest: what a nightly build sees, sessions added or resumed since yesterday).
 * Targets: a rebuild with nothing changed <= 3% of a clean build's time, with 1% changed <= 6%.
 * Shares are given for wall time and for CPU time (user + system), which a loaded
 * machine distorts less.
 */
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { measureNode, type Measurement, type RssMethod } from './measure.js';

type IncrementalBench = {
  cliPath: string;
  corpusDir: string;
  format: string;
  jobs: number;
  runs: number;
  outRoot: string;
  rssMethod: RssMethod;
  reporterUrl: string;
  cwd: string;
  log: (line: string) => void;
};

export type IncrementalCase = { name: string; runs: Measurement[]; outDir: string; shareOfClean?: { wall: number; cpu: number | null } };

const CHANGED_SHARE = 0.01;

/** Every rollout of the tree, relative, sorted. */
function listRollouts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /rollout-[^/]*\.jsonl$/.test(name))
    .sort();
}

/** A copy of the corpus made of hard links (a copy where links are refused): files are changed by replacing them. */
function linkTree(from: string, to: string, files: readonly string[]): void {
  rmSync(to, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    try {
      linkSync(join(from, file), join(to, file));
    } catch {
      copyFileSync(join(from, file), join(to, file));
    }
  }
}

/** The session goes on: its last line is written once more (the link is replaced, the corpus stays as it is). */
function growFile(path: string): void {
  const text = readFileSync(path, 'utf8');
  const lines = text.trimEnd().split('\n');
  unlinkSync(path);
  writeFileSync(path, `${text}${lines[lines.length - 1]}\n`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function benchIncremental(bench: IncrementalBench): Promise<IncrementalCase[]> {
  const root = join(bench.outRoot, 'incremental');
  const tree = join(root, 'inputs');
  const files = listRollouts(bench.corpusDir);
  linkTree(bench.corpusDir, tree, files);
  const changedPerRun = Math.max(1, Math.round(files.length * CHANGED_SHARE));
  const convert = (outDir: string, incremental: boolean) => [
    bench.cliPath, 'convert', tree, '--out', outDir, '--format', bench.format, '--jobs', String(bench.jobs), '--quiet', ...(incremental ? ['--incremental'] : []),
  ];
  const cases: IncrementalCase[] = [
    { name: `clean build (reference), ${bench.format}`, runs: [], outDir: join(root, 'clean') },
    { name: `--incremental first build, ${bench.format}`, runs: [], outDir: join(root, 'incremental') },
    { name: `--incremental, nothing changed, ${bench.format}`, runs: [], outDir: join(root, 'incremental') },
    { name: `--incremental, ${changedPerRun} files (${CHANGED_SHARE * 100}%) changed, the oldest, ${bench.format}`, runs: [], outDir: join(root, 'incremental') },
    { name: `--incremental, ${changedPerRun} files (${CHANGED_SHARE * 100}%) changed, the newest, ${bench.format}`, runs: [], outDir: join(root, 'incremental') },
  ];
  const [clean, first, unchanged, oldest, newest] = cases as [IncrementalCase, IncrementalCase, IncrementalCase, IncrementalCase, IncrementalCase];
  const measure = async (target: IncrementalCase, args: string[]): Promise<void> => {
    const m = await measureNode(args, bench.rssMethod, bench.reporterUrl, bench.cwd);
    if (m.exitCode !== 0) throw new Error(`${target.name} failed (exit ${m.exitCode}): ${m.stderr.trim().split('\n').pop() ?? ''}`);
    target.runs.push(m);
    bench.log(`run ${target.runs.length}/${bench.runs} ${target.name}: ${m.seconds.toFixed(2)} s, CPU ${m.cpuSeconds?.toFixed(2) ?? '?'} s`);
  };
  for (let run = 0; run < bench.runs; run++) {
    rmSync(clean.outDir, { recursive: true, force: true });
    await measure(clean, convert(clean.outDir, false));
    // A first build: no dataset, no cache (the cache sits beside the output directory).
    rmSync(first.outDir, { recursive: true, force: true });
    rmSync(join(root, '.incremental.rollout-kit-cache'), { recursive: true, force: true });
    await measure(first, convert(first.outDir, true));
    await measure(unchanged, convert(unchanged.outDir, true));
    for (let i = 0; i < changedPerRun; i++) growFile(join(tree, files[(run * changedPerRun + i) % files.length]!));
    await measure(oldest, convert(oldest.outDir, true));
    for (let i = 0; i < changedPerRun; i++) growFile(join(tree, files[files.length - 1 - ((run * changedPerRun + i) % files.length)]!));
    await measure(newest, convert(newest.outDir, true));
  }
  const cleanWall = median(clean.runs.map((m) => m.seconds));
  const cpus = clean.runs.map((m) => m.cpuSeconds);
  const cleanCpu = cpus.every((v) => v !== null) ? median(cpus as number[]) : null;
  for (const target of [first, unchanged, oldest, newest]) {
    const targetCpus = target.runs.map((m) => m.cpuSeconds);
    const cpu = cleanCpu !== null && targetCpus.every((v) => v !== null) ? median(targetCpus as number[]) / cleanCpu : null;
    target.shareOfClean = { wall: median(target.runs.map((m) => m.seconds)) / cleanWall, cpu };
  }
  return cases;
}
