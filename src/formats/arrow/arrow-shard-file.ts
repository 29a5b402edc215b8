/**
 * One columnar shard being written: rows accumulate in a RecordBatchBuilder and go out
 * as a record batch every `batchRows` rows or `batchBytes` estimated bytes, so memory
 * holds at most one batch. A ShardEncoder turns the batches into the file's bytes (Arrow
 * IPC here, Parquet in formats/parquet/), and the bytes are written to the shard's temp
 * file before the next batch is built.
 */
import { RecordBatch, Struct, makeData, type Schema } from 'apache-arrow';
import { toArrowData } from './arrow-chunk-data.js';
import { RecordBatchBuilder, type ArrowRow, type ColumnarRowSchema } from './arrow-record-batch.js';
import { AtomicFile, type FinishedFile } from '../../write/atomic-file.js';
import type { ReferenceFile } from '../../write/reference-file.js';

/** Writes the bytes an encoder produced, in order. */
export type ShardByteSink = (bytes: Uint8Array) => Promise<void>;

/** Encodes a shard's record batches into its file format. */
export interface ShardEncoder {
  write(batch: RecordBatch): Promise<void>;
  /** Writes the file's end (footer, end-of-stream marker); `emptyBatch` is a batch of no rows, for a file that needs one. */
  finish(emptyBatch: () => RecordBatch): Promise<void>;
}

export type OpenShardEncoder = (schema: Schema, sink: ShardByteSink) => Promise<ShardEncoder>;

export type BatchLimits = { batchRows: number; batchBytes: number };

export class ArrowShardFile {
  rows = 0;
  private readonly batch: RecordBatchBuilder;
  private finished: Promise<FinishedFile> | undefined;

  private constructor(
    readonly file: AtomicFile,
    private readonly schema: Schema,
    private readonly encoder: ShardEncoder,
    private readonly limits: BatchLimits,
    rows: ColumnarRowSchema | undefined,
  ) {
    this.batch = new RecordBatchBuilder(rows);
  }

  /** `rows`: the kind of row the shard holds (default: the trajectory record). */
  static async create(
    dir: string,
    hint: string,
    schema: Schema,
    openEncoder: OpenShardEncoder,
    limits: BatchLimits,
    rows?: ColumnarRowSchema,
    reference?: ReferenceFile,
  ): Promise<ArrowShardFile> {
    const file = await AtomicFile.create(dir, hint, reference);
    const encoder = await openEncoder(schema, (bytes) => file.write(bytes));
    return new ArrowShardFile(file, schema, encoder, limits, rows);
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

  /** Writes the file's end and closes the temp file (once: later calls return the same result). */
  finish(): Promise<FinishedFile> {
    this.finished ??= this.writeEnd();
    return this.finished;
  }

  private async writeEnd(): Promise<FinishedFile> {
    await this.flushBatch();
    await this.encoder.finish(() => this.toRecordBatch(this.batch.take()));
    return this.file.finish();
  }

  private async flushBatch(): Promise<void> {
    if (this.batch.rows === 0) return;
    await this.encoder.write(this.toRecordBatch(this.batch.take()));
  }

  private toRecordBatch({ length, columns }: ReturnType<RecordBatchBuilder['take']>): RecordBatch {
    const children = columns.map((chunk, i) => toArrowData(this.schema.fields[i]!.type, chunk));
    const data = makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children });
    return new RecordBatch(this.schema, data);
  }
}
