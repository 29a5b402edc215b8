/**
 * Our Arrow shards read by an independent reader: polars (Rust arrow2/polars-arrow,
 * no code shared with apache-arrow JS). Also checks that dataset_info.json describes
 * exactly the schema polars finds in the shards.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import pl from 'nodejs-polars';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArrowSink } from '../../../src/formats/arrow/arrow-sink.js';
import type { ArrowIpcFormat } from '../../../src/schema/output-format-names.js';
import { trajectoryRecordSchema } from '../../../src/trajectory/rl-schema.js';
import { makeSession, toRecord, writeSessions, type SampleSession } from '../../write/sample-records.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-interop-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sessions: SampleSession[] = Array.from({ length: 5 }, (_, i) =>
  makeSession(`019a-${i}`, ` #${i}`, i === 3 ? { usage: null, model: null, success: false, outcome: 'failed', error: 'boom' } : {}),
);

async function writeShards(ipc: ArrowIpcFormat): Promise<string[]> {
  const sink = createArrowSink({ outDir: dir, ipc, shardRows: 2, batchRows: 1 });
  await writeSessions(sink, sessions);
  const summary = await sink.close();
  return summary.files.filter((f) => f.kind === 'records').map((f) => path.join(dir, f.path));
}

async function readWithPolars(file: string, ipc: ArrowIpcFormat): Promise<pl.DataFrame> {
  const bytes = await readFile(file);
  return ipc === 'file' ? pl.readIPC(bytes) : pl.readIPCStream(bytes);
}

/** polars dtype JSON -> `datasets` feature, the way `datasets` maps Arrow types. */
function featureOfPolarsType(dtype: unknown): unknown {
  const inner = (dtype as { DataType: unknown }).DataType;
  if (typeof inner === 'string') {
    const dtypes: Record<string, string> = { String: 'string', Int64: 'int64', Bool: 'bool', Float64: 'float64' };
    if (!dtypes[inner]) throw new Error(`unexpected polars type ${inner}`);
    return { dtype: dtypes[inner], _type: 'Value' };
  }
  const nested = inner as { List?: unknown; Struct?: { name: string; dtype: unknown }[] };
  if (nested.List) return { feature: featureOfPolarsType(nested.List), _type: 'List' };
  if (nested.Struct) return Object.fromEntries(nested.Struct.map((f) => [f.name, featureOfPolarsType(f.dtype)]));
  throw new Error(`unexpected polars type ${JSON.stringify(dtype)}`);
}

function toPlain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
}

describe.each([['file'], ['stream']] as [ArrowIpcFormat][])('polars reads the IPC %s shards', (ipc) => {
  it('with the right row counts, columns, types and values', async () => {
    const files = await writeShards(ipc);
    expect(files.map((f) => path.basename(f))).toEqual(['data-00000-of-00003.arrow', 'data-00001-of-00003.arrow', 'data-00002-of-00003.arrow']);
    const frames = await Promise.all(files.map((f) => readWithPolars(f, ipc)));
    expect(frames.map((df) => df.height)).toEqual([2, 2, 1]);
    const df = pl.concat(frames);
    const record = toRecord(sessions[0]!);
    // Every field of the record schema is a column, an optional one it lacks (system_instructions_ref) too.
    expect(df.columns).toEqual(Object.keys(trajectoryRecordSchema.shape));
    expect(df.columns.filter((name) => name in record)).toEqual(Object.keys(record));
    expect(df.getColumn('system_instructions_ref').toArray()).toEqual([null, null, null, null, null]);

    const dtypes = Object.fromEntries(df.columns.map((name, i) => [name, String(df.dtypes[i])]));
    expect(dtypes).toMatchObject({
      session_id: 'DataType(String)',
      model: 'DataType(String)',
      success: 'DataType(Bool)',
      raw_item_count: 'DataType(Int64)',
      turn_count: 'DataType(Int64)',
    });
    expect(dtypes.trajectory).toMatch(/^DataType\(List\(DataType\(Struct\(Field\("type", DataType\(String\)\),/);
    expect(dtypes.trajectory).toContain('Field("exit_code", DataType(Int64))');
    expect(dtypes.trajectory).toContain('Field("command", DataType(List(DataType(String))))');
    expect(dtypes.usage).toContain('Field("total_tokens", DataType(Int64))');

    expect(df.getColumn('session_id').toArray()).toEqual(sessions.map((s) => s.summary.session_id));
    expect(df.getColumn('success').toArray()).toEqual([true, true, true, false, true]);
    expect(toPlain(df.getColumn('raw_item_count').toArray())).toEqual([12, 12, 12, 12, 12]);
    expect(df.getColumn('model').toArray()).toEqual(['gpt-5-codex', 'gpt-5-codex', 'gpt-5-codex', null, 'gpt-5-codex']);

    // nodejs-polars cannot collect a struct inside a list of structs (turns[].usage) to JS: read turns by field.
    expect(dtypes.turns).toContain('Field("usage", DataType(Struct(');
    const turnOutcomes = df.select(pl.col('turns').explode().struct.field('outcome')).toRecords();
    expect(turnOutcomes.map((r) => r.outcome)).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
    const rows = toPlain(df.drop('turns').toRecords()) as Record<string, unknown>[];
    expect(rows[3]?.usage).toBeNull();
    expect(rows[0]?.usage).toEqual(record.usage);
    const steps = rows[0]?.trajectory as Record<string, unknown>[];
    expect(steps).toHaveLength(record.trajectory.length);
    expect(steps[0]).toMatchObject({ type: 'user_message', content: 'List the files #0', exit_code: null, command: null });
    expect(steps[4]).toMatchObject({ type: 'shell_command', command: ['bash', '-lc', 'ls -la'], call_id: 'call_1', workdir: '/tmp' });
    expect(JSON.parse(steps[7]?.arguments as string)).toEqual({ q: 'x', n: 3, deep: [1, { a: null }] });
    expect(steps[8]).toMatchObject({ output: 'üñí "quoted" \u2028 \t 😀', images: ['https://x/y.png'] });

    const commands = df.select(pl.col('trajectory').explode().struct.field('command')).toRecords();
    expect(commands.filter((r) => r.command !== null)).toHaveLength(5);
  });

  it('finds exactly the features dataset_info.json and the huggingface metadata declare', async () => {
    const [first] = await writeShards(ipc);
    const df = await readWithPolars(first!, ipc);
    const polarsFeatures = Object.fromEntries(df.columns.map((name, i) => [name, featureOfPolarsType(JSON.parse(JSON.stringify(df.dtypes[i])))]));
    const info = JSON.parse(await readFile(path.join(dir, 'dataset_info.json'), 'utf8'));
    expect(info.features).toEqual(polarsFeatures);
    const schemaMetadata = tableFromIPC(await readFile(first!)).schema.metadata.get('huggingface');
    expect(JSON.parse(schemaMetadata ?? 'null')).toEqual({ info: { features: polarsFeatures } });
    // Same key order: `datasets` takes the column order from the features dict.
    expect(Object.keys(info.features)).toEqual(df.columns);
    expect(Object.keys(info.features.trajectory.feature)).toEqual(
      (JSON.parse(JSON.stringify(df.dtypes[df.columns.indexOf('trajectory')])).DataType.List.DataType.Struct as { name: string }[]).map((f) => f.name),
    );
  });
});
