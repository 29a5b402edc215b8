/**
 * The JSONL output read by independent readers (issue: stable types). Every field has one
 * JSON type in every row, so polars (Rust) and DuckDB (C++) load a whole conversion with
 * one schema whatever the row order: the oracle corpus plus the 2026 fixtures (forks,
 * sub-agents, code mode, tool definitions), as written and reordered.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../../src/convert/convert.js';

const INPUTS = ['fixtures/oracle', 'fixtures/oracle-extra', 'fixtures/turns', 'fixtures/code-mode'].map((dir) => path.resolve(dir));

let root: string;
let lines: string[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rk-jsonl-readers-'));
  const outDir = path.join(root, 'out');
  await convert({ inputs: INPUTS, outDir, discover: { cwd: process.cwd(), env: {} }, format: 'jsonl' });
  lines = (await readFile(path.join(outDir, 'trajectories.jsonl'), 'utf8')).split('\n').filter((line) => line !== '');
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A seeded Fisher-Yates shuffle: the same orders on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const orders = (): [string, string[]][] => [
  ['as written', lines],
  ['reversed', [...lines].reverse()],
  ['shuffled (seed 1)', shuffled(lines, 1)],
  ['shuffled (seed 2)', shuffled(lines, 2)],
  ['shuffled (seed 3)', shuffled(lines, 3)],
];

/** The dtype of each trajectory step field, by name (polars orders struct fields by first sight). */
function stepFieldTypes(df: pl.DataFrame): Record<string, string> {
  type Field = { name: string; dtype: unknown };
  const json = JSON.parse(JSON.stringify(df.schema.trajectory)) as { DataType: { List: { DataType: { Struct: Field[] } } } };
  const fields = json.DataType.List.DataType.Struct;
  return Object.fromEntries(fields.map((field) => [field.name, JSON.stringify(field.dtype)]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
}

describe('the JSONL output read back', () => {
  it('covers the step types and graph fields that make types unstable', () => {
    const records = lines.map((line) => JSON.parse(line) as { trajectory: { type: string }[]; forked_from: unknown; tools: unknown });
    const types = new Set(records.flatMap((r) => r.trajectory.map((step) => step.type)));
    expect([...types].sort()).toEqual(expect.arrayContaining(['compaction', 'context', 'inter_agent_message', 'shell_command', 'tool_call', 'tool_output']));
    expect(records.some((r) => r.forked_from !== null)).toBe(true);
    expect(records.some((r) => r.tools !== null)).toBe(true);
  });

  it('polars reads every row in any order with one schema (full inference, as the README says)', () => {
    let first: Record<string, string> | undefined;
    for (const [order, rows] of orders()) {
      const df = pl.readJSON(Buffer.from(`${rows.join('\n')}\n`), { format: 'lines', inferSchemaLength: null });
      expect(df.height, order).toBe(lines.length);
      const parsed = rows.map((row) => JSON.parse(row) as { session_id: string; outcome: string; turn_count: number });
      expect(df.getColumn('session_id').toArray(), order).toEqual(parsed.map((r) => r.session_id));
      expect(df.getColumn('outcome').toArray(), order).toEqual(parsed.map((r) => r.outcome));
      expect(df.getColumn('turn_count').toArray(), order).toEqual(parsed.map((r) => r.turn_count));
      const fields = stepFieldTypes(df);
      expect(fields.arguments, order).toBe('{"DataType":"String"}');
      expect(fields.output, order).toBe('{"DataType":"String"}');
      first ??= fields;
      expect(fields, order).toEqual(first);
    }
  });

  it('DuckDB reads every row in any order, even from a 10-row sample', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      for (const [order, rows] of orders()) {
        const file = path.join(root, 'ordered.jsonl');
        await writeFile(file, `${rows.join('\n')}\n`);
        const reader = `read_json('${file}', format = 'newline_delimited', sample_size = 10)`;
        const counts = await connection.runAndReadAll(`SELECT count(*), count(DISTINCT session_id), sum(len(trajectory)) FROM ${reader}`);
        const expectedSteps = lines.reduce((sum, line) => sum + (JSON.parse(line) as { trajectory: unknown[] }).trajectory.length, 0);
        expect(counts.getRows(), order).toEqual([[BigInt(lines.length), BigInt(lines.length), BigInt(expectedSteps)]]);
        const argumentTypes = await connection.runAndReadAll(`SELECT DISTINCT typeof(step.arguments) FROM (SELECT unnest(trajectory) AS step FROM ${reader}) WHERE step.arguments IS NOT NULL`);
        expect(argumentTypes.getRows(), order).toEqual([['VARCHAR']]);
      }
    } finally {
      connection.closeSync();
    }
  });
});
