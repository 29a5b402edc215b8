/**
 * `--jobs 2` converts on worker threads, which finish files in any order; the
 * output must still be byte for byte what `--jobs 1` writes, for every format.
 * Workers run compiled JavaScript, so this test builds the package into a
 * temporary package directory (leaving dist/ alone) and runs the bundled CLI over
 * the oracle corpus plus a few damaged rollouts (issues, files without a session).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../../scripts/bundle-cli.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let work: string;
let buildDir: string;
let inputs: string;

/** A package copy (package.json, schemas, the dependencies linked) with `dist/` freshly compiled and the CLI bundled. */
async function buildPackage(root: string): Promise<string> {
  mkdirSync(root, { recursive: true });
  cpSync(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
  if (existsSync(path.join(REPO_ROOT, 'schemas'))) cpSync(path.join(REPO_ROOT, 'schemas'), path.join(root, 'schemas'), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const dist = path.join(root, 'dist');
  execFileSync(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', dist, '--declaration', 'false', '--sourceMap', 'false'], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
  });
  await bundleCli(dist);
  return path.join(dist, 'bundle');
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'rk-jobs-'));
  buildDir = await buildPackage(path.join(work, 'package'));
  inputs = path.join(work, 'inputs');
  cpSync(path.join(REPO_ROOT, 'fixtures', 'oracle'), path.join(inputs, 'oracle'), { recursive: true });
  writeDamagedRollouts(path.join(inputs, 'damaged'));
}, 240_000);

// Removing every variant's outputs takes seconds on a loaded machine.
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
}, 120_000);

/** Damaged copies of a real rollout, spread over the input order: bad lines, a cut-off tail, no session at all. */
function writeDamagedRollouts(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const source = findRollouts(path.join(REPO_ROOT, 'fixtures', 'oracle', '0.130.0', 'multi-shell'))[0]!;
  const lines = readFileSync(source, 'utf8').split('\n').filter((line) => line !== '');
  const name = (n: number) => path.join(dir, `rollout-2026-01-0${n}T00-00-00-0000000${n}-0000-7000-8000-000000000000.jsonl`);
  const middle = Math.floor(lines.length / 2);
  writeFileSync(name(1), [...lines.slice(0, middle), '{"timestamp":"2026-01-01T00:00:00Z","type":"response_item","payload":{"type"', ...lines.slice(middle)].join('\n') + '\n');
  writeFileSync(name(2), lines.join('\n').slice(0, -40));
  writeFileSync(name(3), '');
  writeFileSync(name(4), '{"not":"a rollout"}\n{"still":"not"}\n');
  writeFileSync(name(5), lines.slice(0, 3).join('\n') + '\n{"timestamp":"2026-01-01T00:00:00Z","type":"mystery_line","payload":{}}\n' + lines.slice(3).join('\n') + '\n');
}

function findRollouts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /rollout-.*\.jsonl$/.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

type Run = { status: number | null; stdout: Buffer; stderr: string; report: { jobs: number; sessions: number; failedFiles: string[] } | null };

function runCli(args: string[]): Run {
  const result = spawnSync(process.execPath, [path.join(buildDir, 'cli.js'), 'convert', ...args], { cwd: work, maxBuffer: 256 * 1024 * 1024 });
  const stdout = result.stdout;
  let report: Run['report'] = null;
  if (args.includes('--json') && !args.includes('--stdout')) report = JSON.parse(stdout.toString('utf8')) as Run['report'];
  return { status: result.status, stdout, stderr: result.stderr.toString('utf8'), report };
}

/** Every file under `dir` (relative path -> bytes). */
function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(dir, entry);
    if (existsSync(full) && !readdirSafe(full)) files.set(entry, readFileSync(full));
  }
  return files;
}

function readdirSafe(p: string): boolean {
  try {
    readdirSync(p);
    return true;
  } catch {
    return false;
  }
}

const FILE_VARIANTS: { name: string; args: string[] }[] = [
  { name: 'json', args: ['--format', 'json'] },
  { name: 'jsonl', args: ['--format', 'jsonl'] },
  { name: 'jsonl sharded', args: ['--format', 'jsonl', '--shard-rows', '17'] },
  { name: 'jsonl anonymized', args: ['--format', 'jsonl', '--anonymize'] },
  { name: 'jsonl instructions ref', args: ['--format', 'jsonl', '--instructions', 'ref'] },
  { name: 'arrow', args: ['--format', 'arrow'] },
  { name: 'arrow ipc file', args: ['--format', 'arrow', '--arrow-ipc', 'file', '--shard-rows', '50'] },
  { name: 'parquet sharded', args: ['--format', 'parquet', '--shard-rows', '60'] },
  { name: 'thread-events', args: ['--format', 'thread-events'] },
  { name: 'atif', args: ['--format', 'atif'] },
  { name: 'messages sharded', args: ['--format', 'messages', '--shard-rows', '60'] },
  { name: 'messages parquet sharded', args: ['--format', 'messages-parquet', '--shard-rows', '60'] },
];

describe('--jobs 2 writes exactly what --jobs 1 writes', () => {
  it('builds a CLI whose worker script exists', () => {
    expect(existsSync(path.join(buildDir, 'convert-worker.js'))).toBe(true);
  });

  for (const variant of FILE_VARIANTS) {
    it(`${variant.name}: same files, same bytes`, () => {
      const outputs = [1, 2].map((jobs) => {
        const out = path.join(work, `out-${variant.name.replace(/ /g, '-')}-${jobs}`);
        const run = runCli(['inputs', '--out', out, '--jobs', String(jobs), '--json', ...variant.args]);
        // Damaged inputs make some files fail: exit code 1, with a report.
        expect(run.status, run.stderr).toBe(1);
        expect(run.report?.jobs).toBe(jobs);
        return { run, tree: readTree(out) };
      });
      const [one, two] = outputs as [(typeof outputs)[0], (typeof outputs)[0]];
      expect(one.run.report?.sessions).toBeGreaterThan(200);
      // The empty file (3) is an issue, not a failed file.
      expect(one.run.report?.failedFiles).toEqual(['inputs/damaged/rollout-2026-01-04T00-00-00-00000004-0000-7000-8000-000000000000.jsonl']);
      expect({ ...two.run.report, jobs: 1 }).toEqual(one.run.report);
      expect([...two.tree.keys()]).toEqual([...one.tree.keys()]);
      expect(one.tree.get('issues.jsonl')?.toString('utf8').split('\n').length).toBeGreaterThan(4);
      for (const [name, bytes] of one.tree) expect(two.tree.get(name)?.equals(bytes), name).toBe(true);
    });
  }

  for (const format of ['jsonl', 'thread-events', 'messages']) {
    it(`${format} --stdout: same bytes`, () => {
      const [one, two] = [1, 2].map((jobs) => runCli(['inputs', '--stdout', '--quiet', '--format', format, '--jobs', String(jobs)])) as [Run, Run];
      expect(one.stdout.length).toBeGreaterThan(100_000);
      expect(two.stdout.equals(one.stdout)).toBe(true);
    });
  }
});

describe('--incremental --jobs 2 writes exactly what a clean --jobs 1 run writes', () => {
  const VARIANTS = FILE_VARIANTS.filter((variant) => variant.name !== 'jsonl' && variant.name !== 'arrow');

  /** The CLI run from `cwd`, so that source paths (relative) are the same for every tree. */
  type Report = { incremental?: unknown; sessions: number; inputs: { files: number } };
  function runFrom(cwd: string, args: string[]): { status: number | null; stderr: string; report: Report } {
    const result = spawnSync(process.execPath, [path.join(buildDir, 'cli.js'), 'convert', 'inputs', '--json', ...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { status: result.status, stderr: result.stderr.toString('utf8'), report: JSON.parse(result.stdout.toString('utf8')) as Report };
  }

  it('after files changed, were added and removed, in every format', () => {
    const root = path.join(work, 'incremental');
    cpSync(inputs, path.join(root, 'inputs'), { recursive: true });
    // Duplicate sessions are left out: the run converts `inputs.files` of the rollouts.
    let total = 0;
    const outName = (variant: { name: string }, kind: string) => `${kind}-${variant.name.replace(/ /g, '-')}`;
    for (const variant of VARIANTS) {
      const run = runFrom(root, ['--incremental', '--jobs', '2', '--out', outName(variant, 'incremental'), ...variant.args]);
      expect(run.status, run.stderr).toBe(1);
      total = run.report.inputs.files;
      expect(run.report.incremental).toEqual({ reused: 0, converted: total, dropped: 0, keptOutputs: 0 });
    }
    // A session grows, a session is added, one is removed, one is cut short.
    const rollouts = findRollouts(path.join(root, 'inputs', 'oracle'));
    writeFileSync(rollouts[7]!, readFileSync(rollouts[7]!, 'utf8') + readFileSync(rollouts[7]!, 'utf8').split('\n').slice(1, 4).join('\n') + '\n');
    rmSync(rollouts[20]!);
    writeFileSync(rollouts[40]!, readFileSync(rollouts[40]!).subarray(0, -60));
    // The added session is a real one under a new id (a copy would be a duplicate, converted once).
    const added = readFileSync(rollouts[30]!, 'utf8').split('\n');
    const header = JSON.parse(added[0]!) as { payload: Record<string, unknown> };
    header.payload.id = '01a1fcc6-0000-7000-8000-00000000abcd';
    added[0] = JSON.stringify(header);
    writeFileSync(path.join(root, 'inputs/damaged/rollout-2026-01-06T00-00-00-01a1fcc6-0000-7000-8000-00000000abcd.jsonl'), added.join('\n'));
    for (const variant of VARIANTS) {
      const again = runFrom(root, ['--incremental', '--jobs', '2', '--out', outName(variant, 'incremental'), ...variant.args]);
      expect(again.report.incremental).toMatchObject({ reused: total - 3, converted: 3, dropped: 1 });
      const clean = runFrom(root, ['--jobs', '1', '--out', outName(variant, 'clean'), ...variant.args]);
      expect(clean.report.sessions).toBeGreaterThan(200);
      const incrementalTree = readTree(path.join(root, outName(variant, 'incremental')));
      const cleanTree = readTree(path.join(root, outName(variant, 'clean')));
      expect([...incrementalTree.keys()]).toEqual([...cleanTree.keys()]);
      for (const [name, bytes] of cleanTree) expect(incrementalTree.get(name)?.equals(bytes), `${variant.name}: ${name}`).toBe(true);
    }
  }, 600_000);
});
