import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJsonlSink } from '../../../src/formats/jsonl/jsonl-sink.js';
import { makeSession, toRecord, writeSessions, type SampleSession } from '../../write/sample-records.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-jsonl-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function makeSessions(count: number): SampleSession[] {
  return Array.from({ length: count }, (_, i) => makeSession(`s-${i}`, ` #${i}`));
}

async function readLines(names: string[]): Promise<string[]> {
  const texts = await Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8')));
  return texts.join('').split('\n').filter((l) => l !== '');
}

describe('createJsonlSink', () => {
  it('writes one compact record per line, byte-identical to JSON.stringify(record)', async () => {
    const sessions = makeSessions(3);
    const sink = createJsonlSink({ outDir: dir });
    await writeSessions(sink, sessions);
    const summary = await sink.close();
    expect(summary.files).toMatchObject([{ path: 'trajectories.jsonl', kind: 'records', rows: 3 }]);
    const text = await readFile(path.join(dir, 'trajectories.jsonl'), 'utf8');
    expect(text).toBe(sessions.map((s) => `${JSON.stringify(toRecord(s))}\n`).join(''));
    expect(summary.files[0]?.bytes).toBe(Buffer.byteLength(text));
  });

  it('writes an empty trajectories.jsonl when no session was written', async () => {
    const sink = createJsonlSink({ outDir: dir });
    const summary = await sink.close();
    expect(summary).toMatchObject({ sessions: 0, files: [{ path: 'trajectories.jsonl', rows: 0, bytes: 0 }] });
    expect(await readFile(path.join(dir, 'trajectories.jsonl'), 'utf8')).toBe('');
  });

  it('shards by rows with deterministic -of- names, keeping record order', async () => {
    const sessions = makeSessions(5);
    const sink = createJsonlSink({ outDir: dir, shardRows: 2 });
    await writeSessions(sink, sessions);
    const summary = await sink.close();
    const names = ['trajectories-00000-of-00003.jsonl', 'trajectories-00001-of-00003.jsonl', 'trajectories-00002-of-00003.jsonl'];
    expect(summary.files.map((f) => [f.path, f.rows])).toEqual([
      [names[0], 2],
      [names[1], 2],
      [names[2], 1],
    ]);
    expect((await readdir(dir)).sort()).toEqual(names);
    expect(await readLines(names)).toEqual(sessions.map((s) => JSON.stringify(toRecord(s))));
  });

  it('shards by bytes without ever splitting a record', async () => {
    const sessions = makeSessions(6);
    const recordBytes = sessions.map((s) => Buffer.byteLength(`${JSON.stringify(toRecord(s))}\n`));
    const limit = (recordBytes[0] ?? 0) * 2 + 10; // room for two records, not three
    const sink = createJsonlSink({ outDir: dir, shardBytes: limit });
    await writeSessions(sink, sessions);
    const summary = await sink.close();
    expect(summary.files.map((f) => f.rows)).toEqual([2, 2, 2]);
    for (const file of summary.files) expect(file.bytes).toBeLessThanOrEqual(limit);
    expect(await readLines(summary.files.map((f) => f.path))).toEqual(sessions.map((s) => JSON.stringify(toRecord(s))));
  });

  it('gives a record larger than the shard size a shard of its own', async () => {
    const sink = createJsonlSink({ outDir: dir, shardBytes: 100 });
    await writeSessions(sink, makeSessions(3));
    const summary = await sink.close();
    expect(summary.files.map((f) => f.rows)).toEqual([1, 1, 1]);
  });

  it('places records in the order sessions began, even when they end in another order', async () => {
    const [a, b, c] = makeSessions(3) as [SampleSession, SampleSession, SampleSession];
    const sink = createJsonlSink({ outDir: dir });
    const writers = [a, b, c].map((s) => ({ s, w: sink.beginSession() }));
    for (const { s, w } of writers) for (const step of s.steps) await w.writeStep(step);
    const ends = [2, 0, 1].map((i) => writers[i]!).map(({ s, w }) => w.end(s.summary));
    await Promise.all(ends);
    await sink.close();
    expect(await readLines(['trajectories.jsonl'])).toEqual([a, b, c].map((s) => JSON.stringify(toRecord(s))));
  });

  it('reproduces the same bytes on a re-run and removes stale shards of an earlier run', async () => {
    const first = createJsonlSink({ outDir: dir, shardRows: 1 });
    await writeSessions(first, makeSessions(4));
    await first.close();
    await writeFile(path.join(dir, 'notes.jsonl'), 'mine\n');

    const runs: Buffer[][] = [];
    for (let run = 0; run < 2; run += 1) {
      const sink = createJsonlSink({ outDir: dir, shardRows: 2 });
      await writeSessions(sink, makeSessions(3));
      const summary = await sink.close();
      runs.push(await Promise.all(summary.files.map((f) => readFile(path.join(dir, f.path)))));
    }
    expect(runs[0]).toEqual(runs[1]);
    expect((await readdir(dir)).sort()).toEqual(['notes.jsonl', 'trajectories-00000-of-00002.jsonl', 'trajectories-00001-of-00002.jsonl']);
  });

  it('abort removes every temp file, including spilled steps', async () => {
    const sink = createJsonlSink({ outDir: dir, shardRows: 1, spillBytes: 32 });
    await writeSessions(sink, makeSessions(2));
    const open = sink.beginSession();
    for (const step of makeSession('late').steps) await open.writeStep(step);
    expect((await readdir(dir)).length).toBeGreaterThan(0);
    await sink.abort();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('createJsonlSink with an invalid summary', () => {
  it('rejects end(), refuses close() and still aborts cleanly', async () => {
    const sink = createJsonlSink({ outDir: dir });
    const writer = sink.beginSession();
    await writer.writeStep({ type: 'reasoning', content: 'x', timestamp: null, turn: 0 });
    const bad = { ...makeSession('x').summary, success: 'yes' as unknown as boolean };
    await expect(writer.end(bad)).rejects.toThrow(/success/);
    await expect(sink.close()).rejects.toThrow(/not ended/);
    await sink.abort();
    expect(await readdir(dir)).toEqual([]);
  });
});
