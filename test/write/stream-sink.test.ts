import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createStreamSink } from '../../src/write/stream-sink.js';
import { makeSession, toRecord, writeSessions } from './sample-records.js';

/** A slow Writable with a tiny buffer, to make back-pressure happen. */
function createSlowWritable(): { stream: Writable; chunks: Buffer[]; maxBuffered: () => number } {
  const chunks: Buffer[] = [];
  let maxBuffered = 0;
  const stream = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      setTimeout(callback, 1);
    },
  });
  const originalWrite = stream.write.bind(stream);
  stream.write = ((chunk: Buffer) => {
    const result = originalWrite(chunk);
    maxBuffered = Math.max(maxBuffered, stream.writableLength);
    return result;
  }) as typeof stream.write;
  return { stream, chunks, maxBuffered: () => maxBuffered };
}

describe('createStreamSink', () => {
  it('streams JSONL records in order and waits for drain instead of buffering everything', async () => {
    const sessions = Array.from({ length: 4 }, (_, i) => makeSession(`s${i}`));
    const { stream, chunks, maxBuffered } = createSlowWritable();
    const sink = createStreamSink({ stream });
    await writeSessions(sink, sessions);
    const summary = await sink.close();
    expect(summary.files).toEqual([]);
    expect(summary.sessions).toBe(4);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(sessions.map((s) => `${JSON.stringify(toRecord(s))}\n`).join(''));
    const oneRecord = Buffer.byteLength(JSON.stringify(toRecord(sessions[0]!)));
    expect(maxBuffered()).toBeLessThan(oneRecord * 2);
  });

  it('turns a stream error into a rejected end() instead of a crash', async () => {
    const stream = new Writable({
      highWaterMark: 16,
      write(_chunk, _encoding, callback) {
        void delay(1).then(() => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
      },
    });
    const sink = createStreamSink({ stream });
    await expect(writeSessions(sink, [makeSession('a'), makeSession('b')])).rejects.toThrow(/EPIPE/);
    await sink.abort();
  });
});
