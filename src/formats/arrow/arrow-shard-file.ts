/**
 * One Arrow shard being written: rows accumulate in a RecordBatchBuilder and go out
 * as a record batch every `batchRows` rows or `batchBytes` estimated bytes, so memory
 * holds at most one batch. The IPC writer encodes each batch synchronously into a
 * capture queue, and the captured bytes are written to the shard's temp file before
 * the next batch is built.
 */
import { AsyncByteQueue, RecordBatch, RecordBatchFileWriter, RecordBatchStreamWriter, Struct, makeData, type RecordBatchWriter, type Schema } from 'apache-arrow';
import { toArrowData } from './arrow-chunk-data.js';
import { RecordBatchBuilder, type ArrowRow } from './arrow-record-batch.js';
import { AtomicFile, type FinishedFile } from '../../write/atomic-file.js';
import type { ArrowIpcFormat } from '../../schema/output-format-names.js';

/** Collects the IPC writer's output instead of queueing it for an async reader. */
class CaptureQueue extends AsyncByteQueue {
  chunks: Uint8Array[] = [];
  override write(value: unknown): void {
    const view = value as ArrayBufferView;
    if (view.byteLength > 0) this.chunks.push(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  }
  take(): Uint8Array[] {
    const taken = this.chunks;
    this.chunks = [];
    return taken;
  }
}

export type BatchLimits = { batchRows: number; batchBytes: number };

export class ArrowShardFile {
  rows = 0;
  private readonly batch = new RecordBatchBuilder();
  private readonly writer: RecordBatchWriter;
  private readonly queue = new CaptureQueue();

  private constructor(
    readonly file: AtomicFile,
    private readonly schema: Schema,
    ipc: ArrowIpcFormat,
    private readonly limits: BatchLimits,
  ) {
    this.writer = ipc === 'file' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
    // Starts the IPC stream with the schema (and, for the file format, the magic).
    this.writer.reset(this.queue as unknown as Parameters<RecordBatchWriter['reset']>[0], schema);
  }

  static async create(dir: string, schema: Schema, ipc: ArrowIpcFormat, limits: BatchLimits): Promise<ArrowShardFile> {
    const file = await AtomicFile.create(dir, 'data.arrow');
    const shard = new ArrowShardFile(file, schema, ipc, limits);
    await shard.drain();
    return shard;
  }

  /** Bytes on disk plus the estimate of rows still in the builders. */
  get estimatedBytes(): number {
    return this.file.bytes + this.batch.bytes;
  }

  async append(row: ArrowRow): Promise<void> {
    this.batch.append(row);
    this.rows += 1;
    if (this.batch.rows >= this.limits.batchRows || this.batch.bytes >= this.limits.batchBytes) await this.flushBatch();
  }

  /** Writes the end of the IPC stream (EOS marker, or the footer for the file format) and closes the temp file. */
  async finish(): Promise<FinishedFile> {
    await this.flushBatch();
    this.writer.close();
    await this.drain();
    return this.file.finish();
  }

  private async flushBatch(): Promise<void> {
    if (this.batch.rows === 0) return;
    const { length, columns } = this.batch.take();
    const children = columns.map((chunk, i) => toArrowData(this.schema.fields[i]!.type, chunk));
    const data = makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children });
    this.writer.write(new RecordBatch(this.schema, data));
    await this.drain();
  }

  private async drain(): Promise<void> {
    for (const chunk of this.queue.take()) await this.file.write(chunk);
  }
}
