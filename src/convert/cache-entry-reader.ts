/**
 * Reading an incremental cache entry back (cache-entry.ts writes it and says its layout):
 * replaying all of it into a sink and the run ledger, or only its end frame, read from the
 * end of the file, for an entry whose record is taken whole from the last dataset.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { deserialize } from 'node:v8';
import type { InputIssue } from '../issues.js';
import { readAtSync } from '../read/read-at.js';
import type { RedactionCounts } from '../redact/redact.js';
import type { SessionWriter } from '../write/sink.js';
import type { FileConversionResult } from './convert-file.js';
import { HEADER_BYTES, TRAILER_BYTES, type CacheFrame } from './cache-entry.js';

const READ_BYTES = 1024 * 1024;

type AnyWriter = SessionWriter<unknown, unknown, unknown>;

/** An entry that cannot be read back as it was written (changed, cut or removed on disk). */
export class CacheEntryDamagedError extends Error {}

function damaged(error: unknown): CacheEntryDamagedError {
  return error instanceof CacheEntryDamagedError ? error : new CacheEntryDamagedError((error as Error).message.split('\n')[0], { cause: error });
}

/** What a replayed entry is fed into: the run's sink (through its card counter) and its ledger. */
export type ReplayTarget = {
  beginSession(): AnyWriter;
  issueFound(issue: InputIssue, redactions: RedactionCounts | null): void;
};

/** Replays an entry, in order; returns the file's result, and whether it placed a session. */
export async function replayCacheEntry(entryPath: string, target: ReplayTarget): Promise<{ result: FileConversionResult; placed: boolean }> {
  let writer: AnyWriter | undefined;
  let summary: unknown = null;
  for await (const frame of readFrames(entryPath)) {
    switch (frame.kind) {
      case 'steps':
        writer ??= target.beginSession();
        await writer.writeEncodedSteps(frame.steps);
        break;
      case 'summary':
        summary = frame.summary;
        break;
      case 'end':
        if ((frame.summary === null) !== (summary === null)) throw new CacheEntryDamagedError(`the cache entry ${entryPath} has no summary before its end`);
        for (const { issue, redactions } of frame.issues) target.issueFound(issue, redactions);
        if (summary !== null) await (writer ?? target.beginSession()).end(summary);
        else if (writer) await writer.cancel();
        return { result: frame.result, placed: summary !== null };
    }
  }
  throw new CacheEntryDamagedError(`the cache entry ${entryPath} has no end`);
}

/** An entry without its steps: what an adopted record file still needs of it. */
export type CacheEntryEnd = Omit<Extract<CacheFrame, { kind: 'end' }>, 'kind'>;

/** The end of an entry read at once: the end frame and its trailer fit in it unless the file gave many issues. */
const END_READ_BYTES = 4096;

/**
 * Reads an entry's end frame (its issues, summary, step counts and result), from the end of
 * the file. Blocking reads: a shard taken whole stands for hundreds of entries, of each only
 * the last few hundred bytes, and a promise per system call cost more than the reading (2 GB
 * corpus, 1,389 entries: about 0.1 s of CPU).
 */
export function readCacheEntryEnd(entryPath: string): CacheEntryEnd {
  let fd: number;
  try {
    fd = openSync(entryPath, 'r');
  } catch (error) {
    throw damaged(error);
  }
  try {
    const size = fstatSync(fd).size;
    const noEnd = () => new Error(`the cache entry ${entryPath} has no end`);
    let tail = readAt(fd, Math.min(size, END_READ_BYTES), size - Math.min(size, END_READ_BYTES));
    if (tail.length < TRAILER_BYTES) throw noEnd();
    const endLength = tail.readUInt32LE(tail.length - TRAILER_BYTES);
    const at = size - TRAILER_BYTES - endLength;
    if (endLength < HEADER_BYTES || at < 0) throw noEnd();
    if (endLength + TRAILER_BYTES > tail.length) tail = readAt(fd, endLength + TRAILER_BYTES, at);
    if (tail.length < endLength + TRAILER_BYTES) throw noEnd();
    const frame = tail.subarray(tail.length - TRAILER_BYTES - endLength, tail.length - TRAILER_BYTES);
    if (frame.readUInt32LE(0) !== endLength - HEADER_BYTES) throw noEnd();
    const { kind, ...end } = deserialize(frame.subarray(HEADER_BYTES)) as CacheFrame;
    if (kind !== 'end') throw noEnd();
    return end as CacheEntryEnd;
  } catch (error) {
    throw damaged(error);
  } finally {
    closeSync(fd);
  }
}

/** `length` bytes of the file from `position` (fewer when it ends before). */
function readAt(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  return buffer.subarray(0, readAtSync(fd, buffer, length, position));
}

/**
 * Frames, deserialized straight from the read buffer. Typed arrays come out of
 * v8.deserialize as views into that buffer, so a buffer frames were taken from is never
 * written again: more input goes into a fresh one, with the part of a frame left over.
 */
async function* readFrames(entryPath: string): AsyncGenerator<CacheFrame> {
  const handle = await open(entryPath, 'r').catch((error: unknown) => {
    throw damaged(error);
  });
  try {
    let chunk = Buffer.allocUnsafe(READ_BYTES);
    let start = 0;
    let end = 0;
    /** Reads until `wanted` bytes wait in the chunk (fewer at the end of the file). */
    const fill = async (wanted: number): Promise<void> => {
      if (start > 0) {
        const fresh = Buffer.allocUnsafe(READ_BYTES);
        chunk.copy(fresh, 0, start, end);
        chunk = fresh;
        end -= start;
        start = 0;
      }
      while (end < wanted) {
        const { bytesRead } = await handle.read(chunk, end, chunk.length - end, null);
        if (bytesRead === 0) return;
        end += bytesRead;
      }
    };
    for (;;) {
      if (end - start < HEADER_BYTES) await fill(HEADER_BYTES);
      if (end === start) return;
      if (end - start < HEADER_BYTES) break;
      const length = chunk.readUInt32LE(start);
      start += HEADER_BYTES;
      if (length <= chunk.length) {
        if (end - start < length) await fill(length);
        if (end - start < length) break;
        yield deserialize(chunk.subarray(start, start + length)) as CacheFrame;
        start += length;
        continue;
      }
      // A frame larger than the chunk: what was read of it, then the rest straight into its buffer.
      const body = Buffer.allocUnsafe(length);
      let have = chunk.copy(body, 0, start, end);
      chunk = Buffer.allocUnsafe(READ_BYTES);
      start = end = 0;
      while (have < length) {
        const { bytesRead } = await handle.read(body, have, length - have, null);
        if (bytesRead === 0) break;
        have += bytesRead;
      }
      if (have < length) break;
      yield deserialize(body) as CacheFrame;
    }
    throw new Error(`the cache entry ${entryPath} is cut short`);
  } catch (error) {
    // Only the entry's own reading lands here: an error of the code the frames are handed to
    // ends the generator without passing through this catch.
    throw damaged(error);
  } finally {
    await handle.close();
  }
}

