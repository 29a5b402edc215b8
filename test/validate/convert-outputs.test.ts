/**
 * End to end: the real fixture rollouts converted with every output format, then
 * checked by `validate` (published schemas + manifest). Re-running gives the same bytes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, type ConvertOptions } from '../../src/convert/convert.js';
import { validatePaths } from '../../src/validate/validate-paths.js';
import type { Violation } from '../../src/check/violation.js';

const FIXTURES = path.resolve('fixtures/oracle');

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rk-e2e-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Variant = { name: string; options: Pick<ConvertOptions, 'format' | 'arrowIpc' | 'shardRows'> };

const VARIANTS: Variant[] = [
  { name: 'json', options: { format: 'json' } },
  { name: 'jsonl', options: { format: 'jsonl' } },
  { name: 'jsonl-sharded', options: { format: 'jsonl', shardRows: 40 } },
  { name: 'arrow-stream', options: { format: 'arrow', shardRows: 50 } },
  { name: 'arrow-file', options: { format: 'arrow', arrowIpc: 'file' } },
  { name: 'parquet-sharded', options: { format: 'parquet', shardRows: 50 } },
  { name: 'thread-events', options: { format: 'thread-events' } },
  { name: 'atif', options: { format: 'atif' } },
  { name: 'messages-sharded', options: { format: 'messages', shardRows: 60 } },
  { name: 'messages-parquet', options: { format: 'messages-parquet' } },
];

async function run(variant: Variant, outDir: string) {
  return convert({ inputs: [FIXTURES], outDir, discover: { cwd: process.cwd(), env: {} }, ...variant.options });
}

describe.each(VARIANTS.map((v) => [v.name, v]))('converting the fixture corpus to %s', (_name, variant) => {
  it('produces output that validate accepts, with one record per converted session', async () => {
    const outDir = path.join(root, variant.name);
    const report = await run(variant, outDir);
    expect(report.sessions).toBeGreaterThan(100);
    const violations: Violation[] = [];
    const result = await validatePaths([outDir], { onViolation: (v) => violations.push(v) });
    expect(violations).toEqual([]);
    expect(result.valid).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8'));
    expect(manifest.totals.sessions).toBe(report.sessions);
    if (variant.options.format !== 'thread-events') {
      // records = sessions + the lines of issues.jsonl
      expect(result.records).toBe(report.sessions + report.issues.total);
    }
  });
});

it('re-converting gives byte-identical Arrow shards and manifest', async () => {
  const variant = VARIANTS.find((v) => v.name === 'arrow-stream') as Variant;
  const outDir = path.join(root, 'arrow-again');
  await run(variant, outDir);
  const first = await readFile(path.join(outDir, 'manifest.json'), 'utf8');
  await run(variant, outDir);
  expect(await readFile(path.join(outDir, 'manifest.json'), 'utf8')).toBe(first);
  expect(first).toContain('"format": "arrow"');
});

it('polars reads the converted fixture corpus from the Arrow IPC file shards', async () => {
  const pl = (await import('nodejs-polars')).default;
  const outDir = path.join(root, 'arrow-polars');
  const report = await run({ name: 'arrow-polars', options: { format: 'arrow', arrowIpc: 'file', shardRows: 60 } }, outDir);
  const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8'));
  const shards = (manifest.files as { path: string; kind: string; rows: number }[]).filter((f) => f.kind === 'records');
  expect(shards.length).toBeGreaterThan(1);
  let rows = 0;
  let steps = 0;
  for (const shard of shards) {
    const df = pl.readIPC(await readFile(path.join(outDir, shard.path)));
    expect(df.height).toBe(shard.rows);
    rows += df.height;
    steps += df.select(pl.col('trajectory').explode()).filter(pl.col('trajectory').isNotNull()).height;
  }
  expect(rows).toBe(report.sessions);
  expect(steps).toBe(manifest.totals.steps);
});
