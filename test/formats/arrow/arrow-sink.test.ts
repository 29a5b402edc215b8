import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECORD_COLUMNS } from '../../../src/formats/arrow/arrow-columns.js';
import { createArrowSink } from '../../../src/formats/arrow/arrow-sink.js';
import { makeSession, toRecord, writeSessions, type SampleSession } from '../../write/sample-records.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-arrow-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function makeSessions(count: number): SampleSession[] {
  return Array.from({ length: count }, (_, i) => makeSession(`s-${i}`, ` #${i}`, i % 2 === 1 ? { usage: null, model: null } : {}));
}

async function readTable(name: string): Promise<Table> {
  return tableFromIPC(await readFile(path.join(dir, name)));
}

/** A row as plain JSON (bigint -> number), for comparison with the record. */
function rowToJson(table: Table, index: number): Record<string, unknown> {
  const row = table.get(index);
  return JSON.parse(JSON.stringify(row?.toJSON(), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
}

describe('createArrowSink', () => {
  it('writes the Hugging Face layout: stream shards, dataset_info.json, state.json', async () => {
    const sink = createArrowSink({ outDir: dir });
    await writeSessions(sink, makeSessions(3));
    const summary = await sink.close();
    expect(summary.files.map((f) => [f.path, f.kind, f.rows])).toEqual([
      ['data-00000-of-00001.arrow', 'records', 3],
      ['dataset_info.json', 'metadata', null],
      ['state.json', 'metadata', null],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['data-00000-of-00001.arrow', 'dataset_info.json', 'state.json']);
    const shard = await readFile(path.join(dir, 'data-00000-of-00001.arrow'));
    // IPC stream: continuation marker first, no ARROW1 magic.
    expect(shard.subarray(0, 4)).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    const state = JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8'));
    expect(state).toEqual({
      _data_files: [{ filename: 'data-00000-of-00001.arrow' }],
      _fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      _format_columns: null,
      _format_kwargs: {},
      _format_type: null,
      _output_all_columns: false,
      _split: null,
    });
    for (const file of summary.files) {
      const bytes = await readFile(path.join(dir, file.path));
      expect(file.bytes).toBe(bytes.byteLength);
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('stores typed columns: record fields as columns, steps as a list of structs, arguments as the emitted text', async () => {
    const sessions = makeSessions(2);
    const sink = createArrowSink({ outDir: dir });
    await writeSessions(sink, sessions);
    await sink.close();
    const table = await readTable('data-00000-of-00001.arrow');
    expect(table.numRows).toBe(2);
    expect(table.schema.fields.map((f) => f.name)).toEqual(RECORD_COLUMNS.map((c) => c.name));
    expect(String(table.schema.fields.find((f) => f.name === 'raw_item_count')?.type)).toBe('Int64');
    expect(String(table.schema.fields.find((f) => f.name === 'success')?.type)).toBe('Bool');
    const trajectoryType = String(table.schema.fields.find((f) => f.name === 'trajectory')?.type);
    expect(trajectoryType).toMatch(/^List<Struct<\{type:Utf8, content:Utf8, timestamp:Utf8, images:List<Utf8>/);
    expect(trajectoryType).toContain('arguments:Utf8');
    expect(trajectoryType).toContain('exit_code:Int64');
    expect(trajectoryType).toContain('command:List<Utf8>');

    const first = rowToJson(table, 0);
    const record = toRecord(sessions[0]!);
    expect(first.session_id).toBe(record.session_id);
    expect(first.usage).toEqual(record.usage);
    expect(rowToJson(table, 1).usage).toBeNull();
    const steps = first.trajectory as Record<string, unknown>[];
    expect(steps).toHaveLength(record.trajectory.length);
    expect(steps[4]).toMatchObject({ type: 'shell_command', command: ['bash', '-lc', 'ls -la'], workdir: '/tmp', content: null, turn: 0 });
    expect(JSON.parse(steps[4]?.arguments as string)).toEqual({ command: ['bash', '-lc', 'ls -la'], workdir: '/tmp' });
    // Arguments are the exact text the model emitted, JSON or not: stored as is.
    expect(steps[6]?.arguments).toBe('not json {');
    expect(steps[8]).toMatchObject({ output: 'üñí "quoted" \u2028 \t 😀', exit_code: null, images: ['https://x/y.png'] });
  });

  it('writes the IPC file format with --arrow-ipc file, and no state.json', async () => {
    const sink = createArrowSink({ outDir: dir, ipc: 'file' });
    await writeSessions(sink, makeSessions(2));
    const summary = await sink.close();
    expect(summary.files.map((f) => f.path)).toEqual(['data-00000-of-00001.arrow', 'dataset_info.json']);
    const shard = await readFile(path.join(dir, 'data-00000-of-00001.arrow'));
    expect(shard.subarray(0, 6).toString('latin1')).toBe('ARROW1');
    expect(shard.subarray(-6).toString('latin1')).toBe('ARROW1');
    expect((await readTable('data-00000-of-00001.arrow')).numRows).toBe(2);
  });

  it('shards by rows and by bytes with the same schema in every shard, never splitting a session', async () => {
    const sessions = makeSessions(5);
    const sink = createArrowSink({ outDir: dir, shardRows: 2, batchRows: 1 });
    await writeSessions(sink, sessions);
    const summary = await sink.close();
    const shards = summary.files.filter((f) => f.kind === 'records');
    expect(shards.map((f) => [f.path, f.rows])).toEqual([
      ['data-00000-of-00003.arrow', 2],
      ['data-00001-of-00003.arrow', 2],
      ['data-00002-of-00003.arrow', 1],
    ]);
    const tables = await Promise.all(shards.map((f) => readTable(f.path)));
    const ids = tables.flatMap((t) => Array.from({ length: t.numRows }, (_, i) => rowToJson(t, i).session_id));
    expect(ids).toEqual(sessions.map((s) => s.summary.session_id));
    for (const t of tables) expect(String(t.schema.fields.map((f) => `${f.name}:${f.type}`))).toBe(String(tables[0]!.schema.fields.map((f) => `${f.name}:${f.type}`)));

    const bySize = createArrowSink({ outDir: path.join(dir, 'by-size'), shardBytes: 1 });
    await writeSessions(bySize, sessions);
    expect((await bySize.close()).files.filter((f) => f.kind === 'records').map((f) => f.rows)).toEqual([1, 1, 1, 1, 1]);
  });

  it('keeps a typed all-null column when no step in a shard has the field', async () => {
    const session = makeSession('plain');
    session.steps = [{ type: 'reasoning', content: 'only reasoning', timestamp: null, turn: 0 }];
    const sink = createArrowSink({ outDir: dir });
    await writeSessions(sink, [session]);
    await sink.close();
    const table = await readTable('data-00000-of-00001.arrow');
    const trajectoryType = String(table.schema.fields.find((f) => f.name === 'trajectory')?.type);
    expect(trajectoryType).toContain('exit_code:Int64');
    expect(trajectoryType).toContain('namespace:Utf8');
  });

  it('writes one empty shard holding the schema when there is no session', async () => {
    const sink = createArrowSink({ outDir: dir });
    const summary = await sink.close();
    expect(summary.files[0]).toMatchObject({ path: 'data-00000-of-00001.arrow', rows: 0 });
    const table = await readTable('data-00000-of-00001.arrow');
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(RECORD_COLUMNS.map((c) => c.name));
  });

  it('is byte-identical across runs and removes stale shards and a stale state.json', async () => {
    const first = createArrowSink({ outDir: dir, shardRows: 1 });
    await writeSessions(first, makeSessions(3));
    await first.close();
    const outputs: Buffer[][] = [];
    for (let run = 0; run < 2; run += 1) {
      const sink = createArrowSink({ outDir: dir, ipc: 'file', shardRows: 2, batchRows: 1 });
      await writeSessions(sink, makeSessions(3));
      const summary = await sink.close();
      outputs.push(await Promise.all(summary.files.map((f) => readFile(path.join(dir, f.path)))));
    }
    expect(outputs[0]).toEqual(outputs[1]);
    expect((await readdir(dir)).sort()).toEqual(['data-00000-of-00002.arrow', 'data-00001-of-00002.arrow', 'dataset_info.json']);
  });

  it('leaves a state.json that is not ours alone', async () => {
    await writeFile(path.join(dir, 'state.json'), '{"mine": true}');
    const sink = createArrowSink({ outDir: dir, ipc: 'file' });
    await sink.close();
    expect(await readFile(path.join(dir, 'state.json'), 'utf8')).toBe('{"mine": true}');
  });

  it('abort removes every temp file', async () => {
    const sink = createArrowSink({ outDir: dir, shardRows: 1 });
    await writeSessions(sink, makeSessions(3));
    await sink.abort();
    expect(await readdir(dir)).toEqual([]);
  });
});
