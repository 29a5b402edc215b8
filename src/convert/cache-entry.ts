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
 * half of one. cache-entry-reader.ts reads entries back.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { serialize } from 'node:v8';
import type { InputIssue } from '../issues.js';
import { redactText, type RedactionCounts } from '../redact/redact.js';
import type { CountedSteps, SessionWriter, StepBatchEncoder, StepCounts } from '../write/sink.js';
import type { FileConversionResult } from './convert-file.js';
import { STEP_BATCH_BYTES } from './worker-protocol.js';

export type CacheFrame =
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
export type IssueRecord = { issue: InputIssue; redactions: RedactionCounts | null };

/** Bytes before a frame's body: its length. */
export const HEADER_BYTES = 4;
/** After the end frame: its length, header included. */
export const TRAILER_BYTES = 4;

/** Frames are written to disk once this many bytes wait. */
const WRITE_BYTES = 1024 * 1024;

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
