/**
 * The sink of the columnar formats (Arrow IPC, Parquet): one row per session, the
 * trajectory (or a messages row's messages) as a list column, rows in shards named
 * `data-0000i-of-0000N<ext>`. Steps are encoded as column chunks as they arrive; a session's row is placed once it ends,
 * in input order. What differs per format is the shard's encoder and the metadata files
 * written beside the shards.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BuiltStep } from '../../trajectory/built-step.js';
import type { SessionSummary } from '../../trajectory/rl-schema.js';
import { AtomicFile } from '../../write/atomic-file.js';
import type { PreviousFiles } from '../../write/reference-file.js';
import type { ColumnBuilder, ColumnChunk } from './arrow-column-chunk.js';
import { RECORD_ROWS, createArrowRow, createStepBuilder, type ColumnarRowSchema } from './arrow-record-batch.js';
import type * as SchemaModule from './arrow-schema.js';
import type * as ShardFileModule from './arrow-shard-file.js';
import type { ArrowShardFile, BatchLimits, OpenShardEncoder } from './arrow-shard-file.js';
import { createOrderedSink, createOrderedRowSink, type RowContract, type SessionHandler } from '../../write/ordered-sink.js';
import { DEFAULT_SHARD_BYTES, formatShardName, isShardName, removeStaleShards, shouldStartNewShard, type ShardLimits } from '../../write/shards.js';
import type { OutputFile, RecordSink, SessionSink } from '../../write/sink.js';
import type { ArrowSteps } from './arrow-steps.js';

const SHARD_STEM = 'data';
const DEFAULT_BATCH_ROWS = 256;
/** The batch being built lives on the main thread, next to the sessions waiting for it. */
const DEFAULT_BATCH_BYTES = 8 * 1024 * 1024;

/** What a columnar format adds to the shared sink. */
export type ColumnarLayout = {
  /** The shards' extension, with its dot. */
  extension: string;
  /** Loads what writes a shard (called at the first shard, so runs of other formats never load it). */
  loadEncoder(): Promise<OpenShardEncoder>;
  /** Writes the files that describe the shards, after them; returns them. */
  writeMetadata(shards: readonly OutputFile[], write: (name: string, text: string) => Promise<OutputFile>): Promise<OutputFile[]>;
  /** The rows' kind (default: the trajectory record). */
  rows?: ColumnarRowSchema | undefined;
};

export type ColumnarSinkOptions = {
  outDir: string;
  /** Target bytes per shard (default 500 MB, estimated from the column data). */
  shardBytes?: number | undefined;
  shardRows?: number | undefined;
  /** A record batch is flushed every `batchRows` rows or `batchBytes` bytes (defaults 256, 8 MiB). */
  batchRows?: number | undefined;
  batchBytes?: number | undefined;
  /** `--incremental`: shard i is compared with the replaced dataset's shard i (reference-file.ts). */
  previous?: PreviousFiles | undefined;
};

export function isColumnarShardName(name: string, extension: string): boolean {
  return isShardName(name, SHARD_STEM, extension);
}

/** A session's steps, encoded as trajectory items, in chunks. */
type ColumnarSession = { chunks: ColumnChunk[] };

/** Steps encoded by the sink's own builder move to their session in chunks of about this size. */
const LOCAL_CHUNK_BYTES = 1024 * 1024;

/**
 * Encodes the steps handed to the sink as objects (sessions the main thread converts
 * itself; workers send chunks). One builder serves every session, so its memory is
 * reused: what it holds moves to its session's chunks every LOCAL_CHUNK_BYTES, when
 * another session's step arrives, and before the session's chunks are used.
 */
class LocalStepEncoder {
  private readonly builder: ColumnBuilder;
  private owner: ColumnarSession | null = null;

  constructor(rows: ColumnarRowSchema) {
    this.builder = createStepBuilder(rows);
  }

  append(session: ColumnarSession, step: unknown): void {
    if (this.owner !== session) this.seal();
    this.owner = session;
    this.builder.append(step);
    if (this.builder.bytes >= LOCAL_CHUNK_BYTES) this.seal();
  }

  /** Moves the steps encoded for `session` (or for whichever session, without one) into its chunks. */
  seal(session?: ColumnarSession): void {
    if (!this.owner || (session && this.owner !== session)) return;
    if (this.builder.length > 0) this.owner.chunks.push(this.builder.take());
    this.owner = null;
  }
}

/** apache-arrow takes a while to load, so only runs that write a columnar format load it (at the first shard). */
type ArrowModules = { shardFile: typeof ShardFileModule; schema: typeof SchemaModule };
let arrowModules: Promise<ArrowModules> | undefined;

function loadArrowModules(): Promise<ArrowModules> {
  arrowModules ??= Promise.all([import('./arrow-shard-file.js'), import('./arrow-schema.js')]).then(([shardFile, schema]) => ({ shardFile, schema }));
  return arrowModules;
}

function createColumnarHandler<Step, Summary extends object>(layout: ColumnarLayout, options: ColumnarSinkOptions): SessionHandler<ColumnarSession, ArrowSteps, Step, Summary> {
  const { outDir } = options;
  const rows = layout.rows ?? RECORD_ROWS;
  let schema: ReturnType<ArrowModules['schema']['createRecordArrowSchema']> | undefined;
  let openEncoder: OpenShardEncoder | undefined;
  const shardLimits: ShardLimits = { maxBytes: options.shardBytes ?? DEFAULT_SHARD_BYTES, maxRows: options.shardRows };
  const batchLimits: BatchLimits = {
    batchRows: options.batchRows ?? DEFAULT_BATCH_ROWS,
    batchBytes: options.batchBytes ?? DEFAULT_BATCH_BYTES,
  };
  const shards: ArrowShardFile[] = [];
  const references = options.previous?.shards((name) => isColumnarShardName(name, layout.extension)).map((shard) => shard.reference) ?? [];
  const metadataFiles: AtomicFile[] = [];
  let aborted = false;

  async function openShard(): Promise<ArrowShardFile> {
    const arrow = await loadArrowModules();
    schema ??= arrow.schema.createRecordArrowSchema(rows.columns, rows.schemaName);
    openEncoder ??= await layout.loadEncoder();
    const shard = await arrow.shardFile.ArrowShardFile.create(outDir, `${SHARD_STEM}${layout.extension}`, schema, openEncoder, batchLimits, rows, references[shards.length]);
    shards.push(shard);
    if (aborted) await shard.file.discard();
    return shard;
  }

  async function writeMetadataFile(name: string, text: string): Promise<OutputFile> {
    const file = await AtomicFile.create(outDir, name);
    metadataFiles.push(file);
    await file.write(text);
    const { bytes, sha256 } = await file.finish();
    await file.moveTo(path.join(outDir, name));
    return { path: name, kind: 'metadata', rows: null, bytes, sha256 };
  }

  const local = new LocalStepEncoder(rows);

  return {
    open: () => ({ chunks: [] }),
    addStep(session, step) {
      local.append(session, step);
    },
    addEncoded(session, encoded) {
      local.seal(session);
      session.chunks.push(encoded.chunk);
    },
    async place(session, summary) {
      local.seal(session);
      const row = createArrowRow(summary, session.chunks, rows);
      session.chunks = [];
      let shard = shards.at(-1);
      if (!shard || shouldStartNewShard({ rows: shard.rows, bytes: shard.estimatedBytes }, row.bytes, shardLimits)) {
        if (shard) await shard.finish();
        shard = await openShard();
      }
      await shard.append(row);
    },
    async discard(session) {
      local.seal(session);
      session.chunks = [];
    },
    async finish() {
      // An empty run still writes one shard holding the schema, so readers see the columns.
      if (shards.length === 0) await openShard();
      const names = Array.from({ length: shards.length }, (_, i) => formatShardName(SHARD_STEM, layout.extension, i, shards.length));
      const files: OutputFile[] = [];
      for (const [i, shard] of shards.entries()) {
        const name = names[i] as string;
        const { bytes, sha256 } = await shard.finish();
        await shard.file.moveTo(path.join(outDir, name));
        files.push({ path: name, kind: 'records', rows: shard.rows, bytes, sha256 });
      }
      await removeStaleShards(outDir, new Set(names), (name) => isColumnarShardName(name, layout.extension));
      files.push(...(await layout.writeMetadata([...files], writeMetadataFile)));
      return files;
    },
    async abort() {
      aborted = true;
      await Promise.all([...shards.map((s) => s.file.discard()), ...metadataFiles.map((f) => f.discard())]);
    },
  };
}

export function createColumnarSink(layout: ColumnarLayout, options: ColumnarSinkOptions): RecordSink<ArrowSteps> {
  mkdirSync(options.outDir, { recursive: true });
  return createOrderedSink(createColumnarHandler<BuiltStep, SessionSummary>(layout, options));
}

/** The columnar sink of rows other than the record (`layout.rows`), checked by `contract`. */
export function createColumnarRowSink<Step, Summary extends object>(layout: ColumnarLayout, options: ColumnarSinkOptions, contract: RowContract<Step, Summary>): SessionSink<Step, ArrowSteps, Summary> {
  mkdirSync(options.outDir, { recursive: true });
  return createOrderedRowSink(createColumnarHandler<Step, Summary>(layout, options), contract);
}
