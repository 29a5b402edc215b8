/**
 * `--format messages-parquet` over the whole oracle corpus, read back by polars and DuckDB
 * (neither shares code with parquet-wasm): the rows the manifest states, in input order,
 * with the values of the messages JSONL output of the same corpus; `validate` accepts the
 * directory and locates a tool message that answers no call.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../../src/convert/convert.js';
import type { Violation } from '../../../src/check/violation.js';
import type { MessagesRow } from '../../../src/trajectory/messages-schema.js';
import { validatePaths } from '../../../src/validate/validate-paths.js';

const FIXTURES = path.resolve('fixtures/oracle');

type ManifestFile = { path: string; kind: string; rows: number | null };

let root: string;
let parquetDir: string;
let rows: MessagesRow[];
let shards: ManifestFile[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rk-messages-parquet-'));
  parquetDir = path.join(root, 'parquet');
  const discover = { cwd: process.cwd(), env: {} };
  await convert({ inputs: [FIXTURES], outDir: parquetDir, discover, format: 'messages-parquet', shardRows: 100 });
  await convert({ inputs: [FIXTURES], outDir: path.join(root, 'jsonl'), discover, format: 'messages' });
  rows = (await readFile(path.join(root, 'jsonl', 'messages.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as MessagesRow);
  const manifest = JSON.parse(await readFile(path.join(parquetDir, 'manifest.json'), 'utf8')) as { files: ManifestFile[] };
  shards = manifest.files.filter((f) => f.kind === 'records');
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the oracle corpus as messages Parquet', () => {
  it('is sharded as asked, and validate accepts the directory', async () => {
    expect(rows.length).toBeGreaterThan(200);
    expect(shards.map((s) => s.path)).toEqual(['data-00000-of-00003.parquet', 'data-00001-of-00003.parquet', 'data-00002-of-00003.parquet']);
    expect(shards.map((s) => s.rows)).toEqual([100, 100, rows.length - 200]);
    const violations: Violation[] = [];
    const report = await validatePaths([parquetDir], { onViolation: (v) => violations.push(v) });
    expect(violations).toEqual([]);
    expect(report.valid).toBe(true);
    const card = await readFile(path.join(parquetDir, 'README.md'), 'utf8');
    expect(card).toContain('    path: data-*.parquet');
    expect(card).toContain('  - name: messages\n    list:\n    - name: role\n      dtype: string');
  });

  it('polars reads every row and message with the JSONL values', async () => {
    const df = pl.concat(await Promise.all(shards.map(async (s) => pl.readParquet(await readFile(path.join(parquetDir, s.path))))));
    expect(df.getColumn('session_id').toArray()).toEqual(rows.map((r) => r.session_id));
    expect(df.getColumn('outcome').toArray()).toEqual(rows.map((r) => r.outcome));
    const messages = df.select(pl.col('messages').explode()).unnest('messages');
    expect(messages.getColumn('role').toArray()).toEqual(rows.flatMap((r) => r.messages.map((m) => m.role)));
    expect(messages.getColumn('content').toArray()).toEqual(rows.flatMap((r) => r.messages.map((m) => m.content)));
    expect(messages.getColumn('reasoning_content').toArray()).toEqual(rows.flatMap((r) => r.messages.map((m) => (m.role === 'assistant' ? (m.reasoning_content ?? null) : null))));
    const calls = messages.select(pl.col('tool_calls').explode()).dropNulls().unnest('tool_calls');
    expect(calls.getColumn('id').toArray()).toEqual(rows.flatMap((r) => r.messages.flatMap((m) => (m.role === 'assistant' ? (m.tool_calls ?? []).map((c) => c.id) : []))));
  });

  it('DuckDB joins every tool message to its call', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const source = `read_parquet('${path.join(parquetDir, '*.parquet').replaceAll("'", "''")}')`;
      const result = await connection.runAndReadAll(`
        WITH m AS (SELECT session_id, unnest(messages) AS msg FROM ${source}),
             calls AS (SELECT session_id, unnest(msg.tool_calls) AS call FROM m WHERE msg.role = 'assistant'),
             outputs AS (SELECT session_id, msg.tool_call_id AS id, msg.name AS name FROM m WHERE msg.role = 'tool')
        SELECT count(*)::INTEGER AS outputs, count(calls.call.id)::INTEGER AS answered, count_if(calls.call.function.name = outputs.name)::INTEGER AS same_name
        FROM outputs LEFT JOIN calls ON calls.session_id = outputs.session_id AND calls.call.id = outputs.id`);
      const tools = rows.flatMap((r) => r.messages.filter((m) => m.role === 'tool')).length;
      expect(tools).toBeGreaterThan(200);
      expect(result.getRowObjects()[0]).toEqual({ outputs: tools, answered: tools, same_name: tools });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
