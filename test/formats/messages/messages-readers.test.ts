/**
 * The messages output of the whole oracle corpus read back by independent readers:
 * polars (`read_ndjson`, the Rust reader) and DuckDB (`read_json`, every row sampled),
 * each finding one schema for every row: the rows the manifest states, the session ids
 * in order, and the messages' roles and tool calls as written. And `validate` locates a
 * tool message that answers no call.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../../src/convert/convert.js';
import { validatePaths } from '../../../src/validate/validate-paths.js';
import type { Violation } from '../../../src/check/violation.js';
import type { MessagesRow } from '../../../src/trajectory/messages-schema.js';
import { createCollector } from '../../trajectory/convert-records.js';

let root: string;
let file: string;
let rows: MessagesRow[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rk-messages-read-'));
  await convert({ inputs: [path.resolve('fixtures/oracle')], outDir: path.join(root, 'out'), discover: { cwd: process.cwd(), env: {} }, format: 'messages' });
  file = path.join(root, 'out', 'messages.jsonl');
  rows = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as MessagesRow);
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('messages.jsonl of the oracle corpus', () => {
  it('polars reads every row with one schema, messages as a list of structs', async () => {
    const df = pl.readJSON(await readFile(file), { format: 'lines', inferSchemaLength: null });
    expect(df.height).toBe(rows.length);
    expect(df.getColumn('session_id').toArray()).toEqual(rows.map((r) => r.session_id));
    const messages = df.select(pl.col('messages').explode()).unnest('messages');
    expect(messages.getColumn('role').toArray()).toEqual(rows.flatMap((r) => r.messages.map((m) => m.role)));
    expect(messages.getColumn('tool_call_id').toArray()).toEqual(rows.flatMap((r) => r.messages.map((m) => (m.role === 'tool' ? m.tool_call_id : null))));
    const calls = messages.select(pl.col('tool_calls').explode()).dropNulls().unnest('tool_calls').unnest('function');
    const args = calls.getColumn('arguments').toArray();
    expect(args).toEqual(rows.flatMap((r) => r.messages.flatMap((m) => (m.role === 'assistant' ? (m.tool_calls ?? []).map((c) => c.function.arguments) : []))));
    expect(args.length).toBeGreaterThan(200);
  });

  it('DuckDB reads every row with one schema and finds each tool message\'s call', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const source = `read_json('${file.replaceAll("'", "''")}', format = 'newline_delimited', sample_size = -1)`;
      const count = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n, count(DISTINCT session_id)::INTEGER AS ids FROM ${source}`);
      expect(count.getRowObjects()[0]).toEqual({ n: rows.length, ids: new Set(rows.map((r) => r.session_id)).size });
      const roles = await connection.runAndReadAll(
        `SELECT m.role AS role, count(*)::INTEGER AS n FROM (SELECT unnest(messages) AS m FROM ${source}) GROUP BY 1 ORDER BY 1`,
      );
      const expected = new Map<string, number>();
      for (const row of rows) for (const m of row.messages) expected.set(m.role, (expected.get(m.role) ?? 0) + 1);
      expect(roles.getRowObjects()).toEqual([...expected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([role, n]) => ({ role, n })));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('streams the same rows to stdout as it writes to messages.jsonl', async () => {
    const out = createCollector();
    await convert({ inputs: [path.resolve('fixtures/oracle')], outDir: 'unused', stdout: out.stream, discover: { cwd: process.cwd(), env: {} }, format: 'messages' });
    expect(out.text()).toBe(await readFile(file, 'utf8'));
  });

  it('validate reports a tool message that answers no earlier call, at its line and path', async () => {
    const broken = path.join(root, 'broken.jsonl');
    const index = rows.findIndex((row) => row.messages.some((m) => m.role === 'tool'));
    const row = structuredClone(rows[index]!);
    const at = row.messages.findIndex((m) => m.role === 'tool');
    (row.messages[at] as { tool_call_id: string }).tool_call_id = 'call_nobody_made';
    await writeFile(broken, `${JSON.stringify(rows[0])}\n${JSON.stringify(row)}\n`);
    const violations: Violation[] = [];
    const report = await validatePaths([broken], { schema: 'messages', onViolation: (v) => violations.push(v) });
    expect(report.valid).toBe(false);
    expect(violations).toEqual([{ file: broken, line: 2, path: `$.messages[${at}].tool_call_id`, message: '"call_nobody_made" is not the id of a tool call of an earlier assistant message' }]);
  });
});
