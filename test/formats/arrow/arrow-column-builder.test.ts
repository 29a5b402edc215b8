import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeBuilder, makeVector, type Data } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { BuiltStep } from '../../../src/trajectory/built-step.js';
import type { TrajectoryRecord, TrajectoryStep } from '../../../src/trajectory/rl-schema.js';
import { toArrowData } from '../../../src/formats/arrow/arrow-chunk-data.js';
import { createColumnBuilder } from '../../../src/formats/arrow/arrow-column-builder.js';
import { chunkBuffers, type ColumnChunk } from '../../../src/formats/arrow/arrow-column-chunk.js';
import { RECORD_COLUMNS, type ColumnType } from '../../../src/formats/arrow/arrow-columns.js';
import { createStepBuilder } from '../../../src/formats/arrow/arrow-record-batch.js';
import { toArrowType } from '../../../src/formats/arrow/arrow-schema.js';

const GOLDEN_DIR = path.join(import.meta.dirname, '../../../fixtures/golden');

/** The hand-reviewed records of real sessions (their long system instructions abbreviated to the head). */
function loadGoldenRecords(): TrajectoryRecord[] {
  return readdirSync(GOLDEN_DIR, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const record = JSON.parse(readFileSync(path.join(GOLDEN_DIR, name), 'utf8')) as TrajectoryRecord & { system_instructions: unknown };
      const instructions = record.system_instructions as { head?: string } | string | null;
      // Code mode's base-instructions context step is abbreviated the same way.
      const trajectory = record.trajectory.map((step) =>
        step.type === 'context' && typeof step.content === 'object' ? { ...step, content: (step.content as { head: string }).head } : step,
      );
      const tools = record.tools?.map((tool) => ({ ...tool, description: typeof tool.description === 'object' && tool.description !== null ? (tool.description as { head: string }).head : tool.description })) ?? null;
      return { ...record, trajectory, tools, system_instructions: typeof instructions === 'object' && instructions !== null ? (instructions.head ?? null) : instructions };
    });
}

/** Values as apache-arrow's own builders take them: JSON values as text, integers as bigint. */
function toBuilderValue(type: ColumnType, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (type.kind) {
    case 'json':
      return JSON.stringify(value);
    case 'int64':
      return BigInt(value as number);
    case 'list':
      return (value as unknown[]).map((item) => toBuilderValue(type.item, item));
    case 'struct':
      return Object.fromEntries(type.fields.map((f) => [f.name, toBuilderValue(f.type, (value as Record<string, unknown>)[f.name])]));
    default:
      return value;
  }
}

/** A column's values as JSON text (bigint as decimal text). */
function vectorJson(data: Data): string {
  return JSON.stringify(makeVector(data).toJSON(), (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/** What apache-arrow's builders make of the values: the reference our builders must match. */
function referenceJson(type: ColumnType, values: readonly unknown[]): string {
  const reference = makeBuilder({ type: toArrowType(type), nullValues: [null, undefined] });
  for (const value of values) reference.append(toBuilderValue(type, value));
  return vectorJson(reference.flush());
}

function build(type: ColumnType, values: readonly unknown[]): ColumnChunk {
  const builder = createColumnBuilder(type, 'col');
  for (const value of values) builder.append(value);
  return builder.take();
}

const STEP_TYPE = (RECORD_COLUMNS.find((c) => c.name === 'trajectory')!.type as { item: ColumnType }).item;

describe('column builders', () => {
  it('encode every column of every golden record as apache-arrow builders do', () => {
    const records = loadGoldenRecords();
    expect(records.length).toBeGreaterThanOrEqual(30);
    for (const column of RECORD_COLUMNS) {
      const values = records.map((record) => (record as Record<string, unknown>)[column.name]);
      const ours = toArrowData(toArrowType(column.type), build(column.type, values));
      expect(vectorJson(ours), column.name).toBe(referenceJson(column.type, values));
    }
  });

  it('handle nulls, empty and non-ASCII text, negative and large integers, and nested nulls', () => {
    const cases: [ColumnType, unknown[]][] = [
      [{ kind: 'string' }, ['', null, 'héllo ✓ 😀', undefined, 'x'.repeat(5000)]],
      [{ kind: 'int64' }, [0, -1, 2 ** 53 - 1, -(2 ** 53 - 1), null, 4294967296, -4294967297]],
      [{ kind: 'float64' }, [0.5, null, -1e300, 3]],
      [{ kind: 'bool' }, [true, false, null, true, true, false, true, false, true]],
      [{ kind: 'json' }, [{ a: [1, 'b'] }, null, 'text', 7, [], true]],
      [{ kind: 'list', item: { kind: 'string' } }, [['a', null], null, [], ['é']]],
      [{ kind: 'struct', fields: [{ name: 'n', type: { kind: 'int64' } }, { name: 's', type: { kind: 'string' } }] }, [{ n: 1 }, null, { s: 'x' }, {}]],
    ];
    for (const [type, values] of cases) {
      expect(vectorJson(toArrowData(toArrowType(type), build(type, values))), type.kind).toBe(referenceJson(type, values));
    }
  });

  it('give the same values and size estimate whether appended directly or as chunks from other builders', () => {
    const steps = loadGoldenRecords().flatMap((record) => record.trajectory);
    const direct = build(STEP_TYPE, steps);
    const combined = createColumnBuilder(STEP_TYPE, 'col');
    const part = createColumnBuilder(STEP_TYPE, 'col');
    steps.forEach((step, i) => {
      part.append(step);
      if (i % 7 === 6) combined.appendChunk(part.take());
    });
    combined.appendChunk(part.take());
    const viaChunks = combined.take();
    expect(viaChunks.bytes).toBe(direct.bytes);
    expect(vectorJson(toArrowData(toArrowType(STEP_TYPE), viaChunks))).toBe(vectorJson(toArrowData(toArrowType(STEP_TYPE), direct)));
  });

  it('hand over chunks that later appends do not touch, with their buffers listed for transfer', () => {
    const builder = createColumnBuilder({ kind: 'string' }, 'col');
    builder.append('first');
    const first = builder.take();
    builder.append('second, and longer');
    builder.take();
    expect(Buffer.from(first.values!).toString()).toBe('first');
    expect(chunkBuffers(first).size).toBe(3);
  });

  it('write a raw tool output (decoded UTF-8 or JSON text) as the string it stands for', () => {
    const output = 'line 1\n\t"quoted" \\ back\u0001slash é 😀\r\n';
    const decoded: TrajectoryStep = { type: 'tool_output', call_id: 'c1', output, timestamp: null, exit_code: 0, turn: 0 };
    const expected = build(STEP_TYPE, [decoded]);
    for (const raw of [{ utf8: Buffer.from(output) }, { json: Buffer.from(JSON.stringify(output).slice(1, -1)) }]) {
      const step: BuiltStep = { type: 'tool_output', call_id: 'c1', output: raw, timestamp: null, exit_code: 0, turn: 0 };
      const builder = createStepBuilder();
      builder.append(step);
      const chunk = builder.take();
      expect(chunk.bytes).toBe(expected.bytes);
      expect(vectorJson(toArrowData(toArrowType(STEP_TYPE), chunk))).toBe(vectorJson(toArrowData(toArrowType(STEP_TYPE), expected)));
    }
  });

  it('name the column when a value has the wrong type', () => {
    const builder = createColumnBuilder(STEP_TYPE, 'trajectory[]');
    expect(() => builder.append({ type: 'tool_output', exit_code: 1.5, turn: 0 })).toThrow('trajectory[].exit_code: expected an integer');
    expect(() => createColumnBuilder({ kind: 'string' }, 'prompt').append(3)).toThrow('prompt: expected a string');
  });
});
