/**
 * One input's converted result in the incremental cache (conversion-cache.ts): what
 * converting the file handed the run, in order: the session's steps as the format's
 * encoder prepares them (exactly what a worker thread sends the main thread), the session's
 * summary, and last the end: the issues the file gave, what adopting the session's record
 * reads of its summary (null: no session, or the filters dropped it), its step counts,
 * and the file's result. Replaying an entry into a sink and
 * the run ledger gives what converting the file again would: the same bytes a `--jobs 2`
 * run writes from a worker's batches. Frames are v8-serialized (the structured clone
 * worker messages use), each behind its length as a 4-byte little-endian integer; the
 * entry ends with the end frame's length once more, so that an entry whose record is
 * taken whole from the last dataset is read from its end, steps unread. An entry is
 * written under a temporary name and renamed when complete, so a killed run never leaves
 * half of one.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import type { InputIssue } from '../issues.js';
import { readAtSync } from '../read/read-at.js';
import { redactText, type RedactionCounts } from '../redact/redact.js';
import type { CountedSteps, SessionWriter, StepBatchEncoder, StepCounts } from '../write/sink.js';
import type { FileConversionResult } from './convert-file.js';
import { STEP_BATCH_BYTES } from './worker-protocol.js';

type CacheFrame =
  | { kind: 'steps'; steps: unknown }
  /** The session's summary as it ended (absent: no session, or the filters dropped it). */
  | { kind: 'summary'; summary: unknown }
  /**
   * `summary`: the fields of the session's summary that taking its record whole still reads
   * (the `adopted` fields the writer was given), null when there is no session; `counts`:
   * its steps by type (what its batches count together). A summary carries the record's
   * texts (prompt, instructions, final response): tens of kB per session that a shard taken
   * whole would read back from each of hundreds of entries for nothing.
   */
  | { kind: 'end'; issues: IssueRecord[]; summary: Record<string, unknown> | null; counts: Partial<StepCounts>; result: FileConversionResult };

/** `redactions`: what redacting the message replaced (null: redaction is off). */
type IssueRecord = { issue: InputIssue; redactions: RedactionCounts | null };

/** Bytes before a frame's body: its length. */
const HEADER_BYTES = 4;
/** After the end frame: its length, header included. */
const TRAILER_BYTES = 4;

/** Frames are written to disk once this many bytes wait. */
const WRITE_BYTES = 1024 * 1024;
const READ_BYTES = 1024 * 1024;

type AnyWriter = SessionWriter<unknown, unknown, unknown>;

export class CacheEntryWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written: Promise<void> = Promise.resolve();
  private sessionOpen = false;
  /** undefined: the session has not ended; null: there is none, or it was cancelled. */
  private summary: unknown = undefined;
  private result: FileConversionResult | undefined;
  private readonly counts: Partial<StepCounts> = {};
  private readonly issues: IssueRecord[] = [];
  private finished: Promise<void> | undefined;
  private handle: FileHandle | undefined;
  private readonly tempPath: string;
  private resolveFinished!: () => void;
  private rejectFinished!: (error: unknown) => void;
  /** Settles once the entry is complete under its final name. */
  readonly done: Promise<void>;

  /**
   * The entry is written under a temporary name, opened at its first write. `adopted`: the
   * summary fields a shard taken whole still reads (what the sink's wrappers count or keep).
   */
  constructor(
    private readonly finalPath: string,
    private readonly adopted: readonly string[],
  ) {
    this.tempPath = `${finalPath}.${process.pid}.tmp`;
    this.done = new Promise((resolve, reject) => {
      this.resolveFinished = resolve;
      this.rejectFinished = reject;
    });
    this.done.catch(() => undefined);
  }

  /** Issue messages may quote input lines: they are kept redacted when the run redacts. */
  addIssue(found: InputIssue, redact: boolean): void {
    const redactions: RedactionCounts | null = redact ? {} : null;
    const issue = redactions ? { ...found, message: redactText(found.message, redactions) } : found;
    this.issues.push({ issue, redactions });
  }

  /**
   * The writer of the file's session: it takes steps encoded elsewhere (a worker's
   * batches) or encodes them itself with `encoder`, as a worker does.
   */
  openSession(encoder: StepBatchEncoder<unknown, unknown>): AnyWriter {
    this.sessionOpen = true;
    const flush = (): void | Promise<void> => {
      const steps = encoder.take();
      if (steps !== null) return this.appendSteps(steps);
    };
    return {
      writeStep: (step) => {
        encoder.add(step);
        if (encoder.pendingBytes >= STEP_BATCH_BYTES) return flush();
      },
      writeEncodedSteps: (steps) => this.appendSteps(steps),
      end: async (summary) => {
        await flush();
        this.sessionEnded(summary);
      },
      cancel: async () => this.sessionEnded(null),
    };
  }

  /** The file is converted; the entry completes once its session (if one was opened) has ended too. */
  fileDone(result: FileConversionResult): Promise<void> {
    this.result = result;
    this.completeWhenReady();
    return this.done;
  }

  /** Removes what was written (the run failed). */
  async discard(): Promise<void> {
    await this.written.catch(() => undefined);
    await this.handle?.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }

  private sessionEnded(summary: unknown): void {
    // The first outcome counts: a slot the filters' gate cancelled may be cancelled again by the pool.
    if (this.summary !== undefined) return;
    this.summary = summary;
    this.completeWhenReady();
  }

  private completeWhenReady(): void {
    if (this.finished || this.result === undefined) return;
    if (this.sessionOpen && this.summary === undefined) return;
    const summary = this.summary ?? null;
    if (summary !== null) void this.append({ kind: 'summary', summary });
    const end: CacheFrame = { kind: 'end', issues: this.issues, summary: summary === null ? null : pickFields(summary, this.adopted), counts: this.counts, result: this.result };
    this.finished = this.append(end, true)
      .then(() => this.handle?.close())
      .then(() => rename(this.tempPath, this.finalPath));
    this.finished.then(this.resolveFinished, this.rejectFinished);
  }

  private appendSteps(steps: unknown): Promise<void> {
    // Batches of the record formats count their steps; thread events count none.
    const counts = (steps as Partial<CountedSteps>).counts ?? {};
    for (const [type, n] of Object.entries(counts) as [keyof StepCounts, number][]) this.counts[type] = (this.counts[type] ?? 0) + n;
    return this.append({ kind: 'steps', steps });
  }

  /** Serializes the frame now (the caller may reuse what it holds), and writes once enough waits. */
  private append(frame: CacheFrame, last = false): Promise<void> {
    const body = serialize(frame);
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    header.writeUInt32LE(body.length);
    this.pending.push(header, body);
    this.pendingBytes += body.length + HEADER_BYTES;
    if (frame.kind === 'end') {
      const trailer = Buffer.allocUnsafe(TRAILER_BYTES);
      trailer.writeUInt32LE(HEADER_BYTES + body.length);
      this.pending.push(trailer);
    }
    if (this.pendingBytes < WRITE_BYTES && !last) return this.written;
    const buffers = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.written = this.written.then(async () => {
      this.handle ??= await open(this.tempPath, 'w');
      await this.handle.writev(buffers);
    });
    // A failed write fails the entry's `done`, whoever awaits this step or not.
    this.written.catch(() => undefined);
    return this.written;
  }
}

function pickFields(summary: unknown, fields: readonly string[]): Record<string, unknown> {
  const all = summary as Record<string, unknown>;
  return Object.fromEntries(fields.filter((field) => field in all).map((field) => [field, all[field]]));
}

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

