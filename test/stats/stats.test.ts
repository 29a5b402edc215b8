/**
 * `stats` on the oracle corpus: rollouts converted in memory and the same rollouts converted
 * to each record format and read back give the same counts; the text and JSON outputs are
 * reviewed snapshots; bad inputs are one-line errors with exit 2 (usage) or 1 (bad data).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { collectStats } from '../../src/stats/collect-stats.js';
import type { DatasetStats } from '../../src/stats/dataset-stats.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { runCliCollecting } from '../cli/cli-io.js';
import { createCollector, REPO_ROOT } from '../trajectory/convert-records.js';

const INPUTS = ['fixtures/oracle/0.169.0', 'fixtures/oracle/0.8.0', 'fixtures/broken'].map((dir) => path.join(REPO_ROOT, dir));
let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'rk-stats-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function withoutSource(stats: DatasetStats): Omit<DatasetStats, 'source' | 'files'> {
  const { source: _source, files: _files, ...rest } = stats;
  return rest;
}

describe('stats', () => {
  it('counts a dataset read back exactly as the rollouts it was converted from', async () => {
    const fromRollouts = await collectStats(INPUTS);
    expect(fromRollouts.sessions).toBeGreaterThan(30);
    expect(fromRollouts.issues.total).toBeGreaterThan(0);
    for (const format of ['jsonl', 'json', 'arrow', 'parquet'] as const) {
      const out = path.join(work, format);
      await convert({ inputs: INPUTS, format, outDir: out });
      const fromDataset = await collectStats([out]);
      expect(fromDataset.source, format).toBe(format);
      expect(withoutSource(fromDataset), format).toEqual(withoutSource(fromRollouts));
    }
    // Named twice, a dataset is counted once (as rollouts named twice are).
    const twice = await collectStats([path.join(work, 'jsonl'), path.join(work, 'jsonl')]);
    expect(twice.sessions).toBe(fromRollouts.sessions);
  });

  it('counts redactions by kind, from the rollouts and from the placeholders of the dataset', async () => {
    const secrets = path.join(work, 'secrets');
    const rollout = path.join(REPO_ROOT, 'fixtures/oracle/0.169.0/shell-ok');
    const { readdirSync, readFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(secrets);
    const name = readdirSync(rollout).find((file) => file.startsWith('rollout-'))!;
    const token = `ghp_${'a1B2c3D4e5'.repeat(3)}x9Y8z7`;
    writeFileSync(path.join(secrets, name), readFileSync(path.join(rollout, name), 'utf8').replaceAll('echo hi', `echo ${token}`));
    const fromRollouts = await collectStats([secrets]);
    expect(fromRollouts.redactions.by_kind).toEqual({ github_token: expect.any(Number) });
    expect(fromRollouts.redactions.total).toBeGreaterThan(1);
    const out = path.join(work, 'secrets-out');
    await convert({ inputs: [secrets], format: 'jsonl', outDir: out });
    expect((await collectStats([out])).redactions).toEqual(fromRollouts.redactions);
    expect((await collectStats([secrets], { redact: false })).redactions).toEqual({ counted: false, total: 0, by_kind: {} });
    const uncounted = await runCliCollecting(['stats', secrets, '--no-redact']);
    expect(uncounted.stdout).toContain('\nredactions by kind: not counted (--no-redact)\n');
  });

  it('prints aligned plain tables when not a terminal (reviewed snapshot)', async () => {
    const run = await runCliCollecting(['stats', 'fixtures/oracle/0.169.0', 'fixtures/oracle/0.100.0']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('\u001b[');
    await expect(run.stdout).toMatchFileSnapshot('snapshots/stats-oracle.txt');
  });

  it('prints JSON for machines (reviewed snapshot)', async () => {
    const run = await runCliCollecting(['stats', 'fixtures/oracle/0.169.0', 'fixtures/oracle/0.100.0', '--json']);
    expect(run.code).toBe(0);
    await expect(run.stdout).toMatchFileSnapshot('snapshots/stats-oracle.json');
  });

  it('colours a terminal, and not with NO_COLOR', async () => {
    const run = async (env: Record<string, string>) => {
      const stdout = createCollector();
      const io: CliIo = { stdout: stdout.stream, stderr: createCollector().stream, isTTY: true, stdoutIsTTY: true, columns: 100, env, cwd: REPO_ROOT };
      expect(await runCli(['stats', 'fixtures/oracle/0.169.0/shell-ok'], io)).toBe(0);
      return stdout.text();
    };
    expect(await run({})).toContain('\u001b[1msteps by type');
    expect(await run({ NO_COLOR: '1' })).not.toContain('\u001b[');
  });

  it('refuses what it cannot read in one line: usage errors exit 2, a damaged dataset exits 1', async () => {
    const missing = await runCliCollecting(['stats', 'no/such/dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);

    const events = path.join(work, 'events');
    await convert({ inputs: [INPUTS[0]!], format: 'thread-events', outDir: events });
    const refused = await runCliCollecting(['stats', events]);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: .* holds thread-events output; stats and inspect read jsonl, json, arrow or parquet datasets, or rollouts\n$/) });

    const mixed = await runCliCollecting(['stats', path.join(work, 'jsonl'), 'fixtures/oracle/0.8.0']);
    expect(mixed.code).toBe(2);

    const damaged = path.join(work, 'damaged');
    await convert({ inputs: [INPUTS[0]!], format: 'jsonl', outDir: damaged });
    writeFileSync(path.join(damaged, 'trajectories.jsonl'), '{"session_id": "cut sh\n');
    const bad = await runCliCollecting(['stats', damaged]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*trajectories\.jsonl:1: not a JSON record; run rollout-kit validate on the dataset\n$/);
    rmSync(path.join(damaged, 'trajectories.jsonl'));
    const gone = await runCliCollecting(['stats', damaged]);
    expect(gone).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: .*trajectories\.jsonl: cannot read it \(ENOENT\); run rollout-kit validate on the dataset\n$/) });
    // A directory where the record file was, and manifests damaged after the run, were internal errors.
    mkdirSync(path.join(damaged, 'trajectories.jsonl'));
    const directory = await runCliCollecting(['stats', damaged]);
    expect(directory).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: .*trajectories\.jsonl: not a file; run rollout-kit validate on the dataset\n$/) });
    const manifestPath = path.join(damaged, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: unknown[] };
    for (const entry of [null, { path: 5, kind: 'records' }, { path: '../elsewhere.jsonl', kind: 'records' }]) {
      writeFileSync(manifestPath, JSON.stringify({ ...manifest, files: [...manifest.files, entry] }));
      const listed = await runCliCollecting(['stats', damaged]);
      expect(listed).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: .*manifest\.json: files\[\d+\] is not a file of the dataset; run rollout-kit validate .*\n$/) });
    }

    // Inputs of which none holds a session (a text file, a dataset's record file given alone) exit 1,
    // naming the file and why; the line it quotes is redacted.
    const notRollout = path.join(work, 'notes.txt');
    writeFileSync(notRollout, '{"type":"ghp_abcdefghijklmnopqrstuvwxyz0123456789"}\n');
    const none = await runCliCollecting(['stats', notRollout]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^error: no session in the inputs: .*notes\.txt: .+\n$/);
    expect(none.stderr).toContain('[REDACTED:github_token]');
    expect(none.stderr).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
  });
});
