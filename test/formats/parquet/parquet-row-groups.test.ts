/**
 * A Parquet row group is one record batch of the columnar sink: at most `batchRows`
 * sessions and about `batchBytes` of Arrow data, so long sessions cannot make a group (and
 * the writer's memory, which holds a whole group) large, while short sessions share one.
 * The oracle corpus is written as Parquet and as Arrow with the same small limits; DuckDB,
 * which shares no code with parquet-wasm, must find the Arrow shard's batches as the
 * Parquet file's row groups, and both files must hold the same sessions.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { RecordBatchReader } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertFile } from '../../../src/convert/convert-file.js';
import { createArrowSink } from '../../../src/formats/arrow/arrow-sink.js';
import { readArrowSessions } from '../../../src/formats/arrow/read-arrow-records.js';
import { createParquetSink } from '../../../src/formats/parquet/parquet-sink.js';
import { readParquetSessions } from '../../../src/formats/parquet/read-parquet-sessions.js';
import { rlProjection } from '../../../src/projection/rl-projection.js';
import type { SessionStart } from '../../../src/projection/session-projection.js';
import { describeInputPath } from '../../../src/read/input-file.js';
import type { ColumnarSinkOptions } from '../../../src/formats/arrow/columnar-sink.js';
import type { RecordSink } from '../../../src/write/sink.js';

const ORACLE = fileURLToPath(new URL('../../../fixtures/oracle/', import.meta.url));
const SHARD = 'data-00000-of-00001';

let dir: string;
let rollouts: string[];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-parquet-groups-'));
  const entries = await readdir(ORACLE, { recursive: true });
  rollouts = entries.filter((f) => /rollout-.*\.jsonl$/.test(f)).map((f) => path.join(ORACLE, f)).sort();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function convertAll(sink: RecordSink): Promise<void> {
  const openProjection = (start: SessionStart) => rlProjection.open(start, sink.beginSession());
  for (const p of rollouts) await convertFile(describeInputPath(p), { openProjection, rawToolOutputs: 'utf8', reportIssue: () => undefined });
  await sink.close();
}

/** Writes the corpus as Parquet and as Arrow with the same batch limits; returns both shards' paths. */
async function writeBoth(name: string, limits: Pick<ColumnarSinkOptions, 'batchRows' | 'batchBytes'>): Promise<{ parquet: string; arrow: string }> {
  const parquetDir = path.join(dir, name, 'parquet');
  const arrowDir = path.join(dir, name, 'arrow');
  await convertAll(createParquetSink({ outDir: parquetDir, ...limits }));
  await convertAll(createArrowSink({ outDir: arrowDir, ...limits }));
  return { parquet: path.join(parquetDir, `${SHARD}.parquet`), arrow: path.join(arrowDir, `${SHARD}.arrow`) };
}

async function arrowBatchRows(file: string): Promise<number[]> {
  return [...RecordBatchReader.from(await readFile(file))].map((batch) => batch.numRows);
}

/** The rows of each row group, as DuckDB reads the file's metadata. */
async function duckdbRowGroupRows(file: string): Promise<number[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const quoted = file.replaceAll("'", "''");
  const groups = (
    await connection.runAndReadAll(`SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('${quoted}') ORDER BY row_group_id`)
  ).getRowObjectsJson();
  connection.closeSync();
  return groups.map((g) => Number(g.row_group_num_rows));
}

async function sessionIds(sessions: AsyncIterable<{ summary: { session_id: string } }>): Promise<string[]> {
  const ids: string[] = [];
  for await (const { summary } of sessions) ids.push(summary.session_id);
  return ids;
}

describe('Parquet row groups', () => {
  it('are the record batches, cut by Arrow bytes: short sessions share a group, a long one stays alone', async () => {
    const batchBytes = 32 * 1024;
    const { parquet, arrow } = await writeBoth('bytes', { batchRows: 256, batchBytes });
    const batches = await arrowBatchRows(arrow);
    const groups = await duckdbRowGroupRows(parquet);
    expect(groups).toEqual(batches);
    const ids = await sessionIds(readParquetSessions(parquet));
    expect(ids).toEqual(await sessionIds(readArrowSessions(arrow)));
    expect(groups.reduce((a, b) => a + b, 0)).toBe(ids.length);
    // Cut by bytes, not by rows: no group reaches the row limit; short sessions share groups,
    // and sessions of more than the budget make a group alone.
    expect(Math.max(...groups)).toBeLessThan(256);
    expect(groups.filter((rows) => rows > 1).length).toBeGreaterThan(10);
    expect(groups.filter((rows) => rows === 1).length).toBeGreaterThan(10);
  }, 120_000);

  it('hold at most the batch row limit', async () => {
    const { parquet, arrow } = await writeBoth('rows', { batchRows: 16, batchBytes: 64 * 1024 * 1024 });
    const groups = await duckdbRowGroupRows(parquet);
    expect(groups).toEqual(await arrowBatchRows(arrow));
    expect(groups.slice(0, -1).every((rows) => rows === 16)).toBe(true);
    expect(groups.length).toBe(Math.ceil(groups.reduce((a, b) => a + b, 0) / 16));
    expect(groups.length).toBeGreaterThan(2);
  }, 120_000);
});
