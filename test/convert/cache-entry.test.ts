/**
 * A cache entry gives back, in order, what was written into it: issues, step batches
 * (byte arrays of any size, some larger than the read buffer, frames straddling its
 * boundaries) and the session's end. Batches handed to the sink stay intact while later
 * frames are read (v8.deserialize returns views into the read buffer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { CacheEntryWriter } from '../../src/convert/cache-entry.js';
import { CacheEntryDamagedError, readCacheEntryEnd, replayCacheEntry } from '../../src/convert/cache-entry-reader.js';
import type { InputIssue } from '../../src/issues.js';
import type { SessionWriter } from '../../src/write/sink.js';
import { createTempDir } from '../read/temp-dir.js';

let temp: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  temp = await createTempDir('cache-entry');
});
afterAll(async () => temp.remove());

/** Batches of text steps as a worker sends them: bytes of a size that walks over every boundary. */
function batches(): { bytes: Uint8Array; steps: number; counts: { tool_output: number } }[] {
  const sizes = [10, 700_000, 400_000, 1_048_572, 3_000_000, 1, 1_048_576, 65_536, 2_100_000];
  return sizes.map((size, index) => {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + index) % 251;
    return { bytes, steps: index + 1, counts: { tool_output: index + 1 } };
  });
}

const encoder = { add: () => undefined, pendingBytes: 0, take: () => null, transferables: () => [] };

describe('cache entries', () => {
  it('replay what was written, in order, whatever the frame sizes', async () => {
    const entryPath = path.join(temp.path, 'one.entry');
    const writer = new CacheEntryWriter(entryPath, ['model']);
    const issue: InputIssue = { file: 'a.jsonl', line: 3, code: 'invalid_json', message: 'the line is not JSON' };
    const session = writer.openSession(encoder);
    const written = batches();
    writer.addIssue(issue, false);
    for (const batch of written) await session.writeEncodedSteps(batch);
    const summary = { session_id: 's', model: 'gpt-5', prompt: 'p'.repeat(50_000) };
    await session.end(summary);
    await writer.fileDone({ converted: true, parsedLines: 12 });

    const received: unknown[] = [];
    const issues: InputIssue[] = [];
    const sink: SessionWriter<unknown, unknown, unknown> = {
      writeStep: () => undefined,
      writeEncodedSteps: (steps) => void received.push(steps),
      end: async (summary) => void received.push({ summary }),
      cancel: async () => undefined,
    };
    const replay = await replayCacheEntry(entryPath, { beginSession: () => sink, issueFound: (found) => void issues.push(found) });
    expect(replay).toEqual({ result: { converted: true, parsedLines: 12 }, placed: true });
    expect(issues).toEqual([issue]);
    expect(received.at(-1)).toEqual({ summary });
    const replayed = received.slice(0, -1) as { bytes: Uint8Array; steps: number }[];
    expect(replayed.map((batch) => batch.steps)).toEqual(written.map((batch) => batch.steps));
    // Compared once every frame is read: no later read overwrote an earlier batch.
    replayed.forEach((batch, index) => expect(Buffer.compare(batch.bytes, written[index]!.bytes), `batch ${index}`).toBe(0));

    // Read from its end, without the steps: the issues, the fields of the summary the writer was asked to keep there, the steps counted together.
    expect(readCacheEntryEnd(entryPath)).toEqual({
      summary: { model: 'gpt-5' },
      counts: { tool_output: 45 },
      issues: [{ issue, redactions: null }],
      result: { converted: true, parsedLines: 12 },
    });
  });

  it('give a file without a session its issues and result only', async () => {
    const entryPath = path.join(temp.path, 'none.entry');
    const writer = new CacheEntryWriter(entryPath, ['model']);
    writer.addIssue({ file: 'b.jsonl', line: null, code: 'empty_file', message: 'the file holds no line' }, true);
    await writer.fileDone({ converted: false, empty: true, parsedLines: 0 });
    let began = false;
    const found: [InputIssue, unknown][] = [];
    const result = await replayCacheEntry(entryPath, {
      beginSession: () => {
        began = true;
        throw new Error('no session to begin');
      },
      issueFound: (issue, redactions) => void found.push([issue, redactions]),
    });
    expect(result).toEqual({ result: { converted: false, empty: true, parsedLines: 0 }, placed: false });
    expect(began).toBe(false);
    expect(found).toEqual([[{ file: 'b.jsonl', line: null, code: 'empty_file', message: 'the file holds no line' }, {}]]);
    expect(readCacheEntryEnd(entryPath).summary).toBeNull();
  });

  it('read an end frame longer than one read from the end: a file that gave many issues', async () => {
    const entryPath = path.join(temp.path, 'issues.entry');
    const writer = new CacheEntryWriter(entryPath, ['model']);
    const issues = Array.from({ length: 300 }, (_, k): InputIssue => ({ file: 'c.jsonl', line: k + 1, code: 'invalid_json', message: `line ${k + 1} is not JSON: ${'x'.repeat(40)}` }));
    for (const issue of issues) writer.addIssue(issue, false);
    const session = writer.openSession(encoder);
    await session.writeEncodedSteps(batches()[0]!);
    await session.end({ session_id: 'c', model: 'm' });
    await writer.fileDone({ converted: true, parsedLines: 300 });
    const end = readCacheEntryEnd(entryPath);
    expect(end.issues.map(({ issue }) => issue)).toEqual(issues);
    expect(end.summary).toEqual({ model: 'm' });
    // Cut inside the end frame: damaged, not misread.
    const bytes = readFileSync(entryPath);
    writeFileSync(entryPath, Buffer.concat([bytes.subarray(0, bytes.length - 2000), bytes.subarray(bytes.length - 4)]));
    expect(() => readCacheEntryEnd(entryPath)).toThrow(CacheEntryDamagedError);
  });

  it('tell an entry damaged on disk from a failure of what it is replayed into', async () => {
    const entryPath = path.join(temp.path, 'damaged.entry');
    const writer = new CacheEntryWriter(entryPath, ['model']);
    const session = writer.openSession(encoder);
    await session.writeEncodedSteps(batches()[0]!);
    await session.end({ session_id: 's' });
    await writer.fileDone({ converted: true, parsedLines: 1 });
    const full = { writeStep: () => undefined, writeEncodedSteps: () => undefined, end: async () => undefined, cancel: async () => undefined };
    const diskFull = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const failing = { ...full, writeEncodedSteps: () => Promise.reject(diskFull) };
    await expect(replayCacheEntry(entryPath, { beginSession: () => failing, issueFound: () => undefined })).rejects.toBe(diskFull);

    writeFileSync(entryPath, 'xx');
    await expect(replayCacheEntry(entryPath, { beginSession: () => full, issueFound: () => undefined })).rejects.toBeInstanceOf(CacheEntryDamagedError);
    expect(() => readCacheEntryEnd(entryPath)).toThrow(CacheEntryDamagedError);
    expect(() => readCacheEntryEnd(path.join(temp.path, 'missing.entry'))).toThrow(CacheEntryDamagedError);
  });
});
