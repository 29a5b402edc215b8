/**
 * The Parquet output of the whole oracle corpus, read by two independent readers:
 * polars (Rust) and DuckDB (C++), neither sharing code with parquet-wasm. Both must
 * find the rows the manifest states and the values the JSONL output of the same
 * corpus holds.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../../src/convert/convert.js';

const FIXTURES = path.resolve('fixtures/oracle');

type JsonlRecord = { session_id: string; outcome: string; model: string | null; turn_count: number; trajectory: { type: string; content?: string | null }[] };
type ManifestFile = { path: string; kind: string; rows: number | null };

let root: string;
let parquetDir: string;
let records: JsonlRecord[];
let shards: ManifestFile[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rk-parquet-'));
  parquetDir = path.join(root, 'parquet');
  const jsonlDir = path.join(root, 'jsonl');
  const discover = { cwd: process.cwd(), env: {} };
  await convert({ inputs: [FIXTURES], outDir: parquetDir, discover, format: 'parquet', shardRows: 70 });
  await convert({ inputs: [FIXTURES], outDir: jsonlDir, discover, format: 'jsonl' });
  const text = await readFile(path.join(jsonlDir, 'trajectories.jsonl'), 'utf8');
  records = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JsonlRecord);
  const manifest = JSON.parse(await readFile(path.join(parquetDir, 'manifest.json'), 'utf8')) as { files: ManifestFile[] };
  shards = manifest.files.filter((f) => f.kind === 'records');
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the oracle corpus as Parquet', () => {
  it('is sharded as asked, each shard a Parquet file', async () => {
    expect(records.length).toBeGreaterThan(200);
    expect(shards.map((s) => s.path)).toEqual(['data-00000-of-00003.parquet', 'data-00001-of-00003.parquet', 'data-00002-of-00003.parquet']);
    expect(shards.map((s) => s.rows)).toEqual([70, 70, records.length - 140]);
    const bytes = await readFile(path.join(parquetDir, shards[0]!.path));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(bytes.subarray(-4).toString('latin1')).toBe('PAR1');
  });

  it('polars reads every row, in input order, with the JSONL values', async () => {
    const frames = await Promise.all(shards.map(async (s) => pl.readParquet(await readFile(path.join(parquetDir, s.path)))));
    expect(frames.map((df) => df.height)).toEqual(shards.map((s) => s.rows));
    const df = pl.concat(frames);
    expect(df.getColumn('session_id').toArray()).toEqual(records.map((r) => r.session_id));
    expect(df.getColumn('outcome').toArray()).toEqual(records.map((r) => r.outcome));
    expect(df.getColumn('model').toArray()).toEqual(records.map((r) => r.model));
    const lengths = df.select(pl.col('trajectory').lst.lengths().alias('n')).getColumn('n').toArray().map(Number);
    expect(lengths).toEqual(records.map((r) => r.trajectory.length));
    const types = df.select(pl.col('trajectory').explode().struct.field('type')).getColumn('type').toArray();
    expect(types.filter((t) => t !== null)).toEqual(records.flatMap((r) => r.trajectory.map((s) => s.type)));
  });

  it('DuckDB reads the shards by glob, with the JSONL values and the huggingface features', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const glob = path.join(parquetDir, '*.parquet').replaceAll("'", "''");
    const totals = (await connection.runAndReadAll(`SELECT count(*) AS n, sum(len(trajectory)) AS steps FROM read_parquet('${glob}')`)).getRowObjectsJson();
    expect(totals).toEqual([{ n: String(records.length), steps: String(records.reduce((sum, r) => sum + r.trajectory.length, 0)) }]);

    const rows = (
      await connection.runAndReadAll(
        `SELECT session_id, outcome, turn_count, trajectory[1].type AS first_type, trajectory[1].content AS first_content
         FROM read_parquet('${glob}', filename = true) ORDER BY filename, file_row_number`,
      )
    ).getRowObjectsJson();
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, i) => {
      const record = records[i]!;
      expect(row).toEqual({
        session_id: record.session_id,
        outcome: record.outcome,
        turn_count: String(record.turn_count),
        first_type: record.trajectory[0]?.type ?? null,
        first_content: record.trajectory[0]?.content ?? null,
      });
    });

    const metadata = (await connection.runAndReadAll(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${glob}')`)).getRowObjectsJson();
    const features = metadata.find((m) => m.key === 'huggingface');
    expect(JSON.parse(String(features?.value)).info.features.session_id).toEqual({ dtype: 'string', _type: 'Value' });
    connection.closeSync();
  });
});
