import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trajectoryRecordSchema, type TrajectoryStep } from '../../../src/trajectory/rl-schema.js';
import { createJsonSink } from '../../../src/formats/json/json-sink.js';
import { makeSession, toRecord, writeSessions } from '../../write/sample-records.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-json-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createJsonSink', () => {
  it('writes one pretty record per session, byte-identical to JSON.stringify(record, null, 2)', async () => {
    const sessions = [makeSession('019a-one'), makeSession('019a-two', ' again')];
    const sink = createJsonSink({ outDir: dir });
    await writeSessions(sink, sessions);
    const summary = await sink.close();

    expect(summary.files.map((f) => f.path)).toEqual(['019a-one.json', '019a-two.json']);
    for (const session of sessions) {
      const text = await readFile(path.join(dir, `${session.summary.session_id}.json`), 'utf8');
      expect(text).toBe(`${JSON.stringify(toRecord(session), null, 2)}\n`);
      expect(trajectoryRecordSchema.parse(JSON.parse(text))).toEqual(toRecord(session));
    }
  });

  it('writes a session without steps as an empty trajectory', async () => {
    const session = { ...makeSession('empty'), steps: [] };
    const sink = createJsonSink({ outDir: dir });
    await writeSessions(sink, [session]);
    await sink.close();
    const text = await readFile(path.join(dir, 'empty.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify(toRecord(session), null, 2)}\n`);
    expect(text).toContain('"trajectory": [],');
  });

  it('reports rows, byte sizes, sha256 and step counts that match the files', async () => {
    const sink = createJsonSink({ outDir: dir });
    await writeSessions(sink, [makeSession('a'), makeSession('b')]);
    const summary = await sink.close();
    expect(summary.sessions).toBe(2);
    expect(summary.steps).toEqual({
      user_message: 4,
      assistant_message: 4,
      reasoning: 2,
      tool_call: 4,
      tool_output: 4,
      shell_command: 2,
      context: 0,
      compaction: 0,
      inter_agent_message: 0,
    });
    for (const file of summary.files) {
      const bytes = await readFile(path.join(dir, file.path));
      expect(file).toEqual({
        path: file.path,
        kind: 'records',
        rows: 1,
        bytes: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
  });

  it('writes step keys in the schema order whatever order the builder used', async () => {
    const shuffled = { turn: 0, timestamp: null, content: 'hi', type: 'reasoning' } as TrajectoryStep;
    const sink = createJsonSink({ outDir: dir });
    await writeSessions(sink, [{ ...makeSession('order'), steps: [shuffled] }]);
    await sink.close();
    const record = JSON.parse(await readFile(path.join(dir, 'order.json'), 'utf8'));
    expect(Object.keys(record.trajectory[0])).toEqual(['type', 'content', 'timestamp', 'turn']);
    expect(Object.keys(record).slice(0, 6)).toEqual(['session_id', 'model', 'cwd', 'prompt', 'system_instructions', 'trajectory']);
  });

  it('gives duplicate and unsafe session ids deterministic, unique file names', async () => {
    const sink = createJsonSink({ outDir: dir });
    await writeSessions(sink, [
      makeSession('dup'),
      makeSession('DUP'),
      makeSession('dup'),
      makeSession('../etc/passwd'),
      makeSession('manifest'),
    ]);
    const summary = await sink.close();
    expect(summary.files.map((f) => f.path)).toEqual(['dup.json', 'DUP-2.json', 'dup-3.json', '__etc_passwd.json', 'manifest-2.json']);
    expect((await readdir(dir)).sort()).toEqual(['DUP-2.json', '__etc_passwd.json', 'dup-3.json', 'dup.json', 'manifest-2.json']);
    const third = JSON.parse(await readFile(path.join(dir, 'dup-3.json'), 'utf8'));
    expect(third.session_id).toBe('dup');
  });

  it('shows nothing under a final name before close, and abort leaves the directory empty', async () => {
    const sink = createJsonSink({ outDir: dir, spillBytes: 64 });
    await writeSessions(sink, [makeSession('x')]);
    const pending = sink.beginSession();
    for (const step of makeSession('y').steps) await pending.writeStep(step);
    expect((await readdir(dir)).filter((n) => !n.startsWith('.'))).toEqual([]);
    await sink.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('spills large sessions to disk and still writes the exact record', async () => {
    const big = makeSession('big');
    big.steps = Array.from({ length: 300 }, (_, i) => ({ type: 'reasoning', content: `thought ${i} ${'x'.repeat(i)}`, timestamp: null, turn: 0 }));
    const sink = createJsonSink({ outDir: dir, spillBytes: 1024 });
    await writeSessions(sink, [big]);
    await sink.close();
    expect(await readdir(dir)).toEqual(['big.json']);
    expect(await readFile(path.join(dir, 'big.json'), 'utf8')).toBe(`${JSON.stringify(toRecord(big), null, 2)}\n`);
  });

  it('rejects a step that does not match the record schema', async () => {
    const sink = createJsonSink({ outDir: dir });
    const writer = sink.beginSession();
    expect(() => writer.writeStep({ type: 'tool_output', call_id: 'c', timestamp: null, turn: 0 } as unknown as TrajectoryStep)).toThrow(/output/);
    await sink.abort();
  });

  it('refuses to close while a session is still open', async () => {
    const sink = createJsonSink({ outDir: dir });
    sink.beginSession();
    await expect(sink.close()).rejects.toThrow(/not ended/);
    await sink.abort();
  });
});
