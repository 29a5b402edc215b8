/**
 * `--format arrow`: Apache Arrow IPC shards with typed columns (RECORD_COLUMNS).
 * Default (`ipc: 'stream'`) is the Hugging Face `save_to_disk` layout:
 * `data-00000-of-0000N.arrow` in the IPC stream format, `dataset_info.json` and
 * `state.json`, so `datasets.load_from_disk(dir)` works. `ipc: 'file'` writes the
 * same shard names in the IPC file format (polars `read_ipc`, `pyarrow.ipc.open_file`,
 * DuckDB) plus `dataset_info.json`, and no `state.json` (`datasets` cannot read it).
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TrajectoryStep } from '../trajectory/rl-schema.js';
import { AtomicFile, removeFinalFile } from './atomic-file.js';
import type { ColumnBuilder, ColumnChunk } from './arrow-column-builder.js';
import { createArrowRow, createStepBuilder } from './arrow-record-batch.js';
import type * as SchemaModule from './arrow-schema.js';
import type * as ShardFileModule from './arrow-shard-file.js';
import type { ArrowShardFile, BatchLimits } from './arrow-shard-file.js';
import type * as HfModule from './hf-dataset-files.js';
import { createOrderedSink, type SessionHandler } from './ordered-sink.js';
import type { ArrowIpcFormat } from './output-format.js';
import { DEFAULT_SHARD_BYTES, formatShardName, isShardName, removeStaleShards, shouldStartNewShard, type ShardLimits } from './shards.js';
import type { OutputFile, RecordSink } from './sink.js';

export const ARROW_STEM = 'data';
export const ARROW_EXTENSION = '.arrow';
export const DEFAULT_BATCH_ROWS = 256;
/** The batch being built lives on the main thread, next to the sessions waiting for it. */
export const DEFAULT_BATCH_BYTES = 8 * 1024 * 1024;

export type ArrowSinkOptions = {
  outDir: string;
  ipc?: ArrowIpcFormat | undefined;
  /** Target bytes per shard (default 500 MB, estimated from the column data). */
  shardBytes?: number | undefined;
  shardRows?: number | undefined;
  /** A record batch is flushed every `batchRows` rows or `batchBytes` bytes (defaults 256, 8 MiB). */
  batchRows?: number | undefined;
  batchBytes?: number | undefined;
};

export function nameArrowShards(count: number): string[] {
  return Array.from({ length: count }, (_, i) => formatShardName(ARROW_STEM, ARROW_EXTENSION, i, count));
}

export function isArrowShardName(name: string): boolean {
  return isShardName(name, ARROW_STEM, ARROW_EXTENSION);
}

/** A session's steps, encoded as trajectory items, in chunks. */
type ArrowSession = { chunks: ColumnChunk[] };

/** Steps encoded by the sink's own builder move to their session in chunks of about this size. */
const LOCAL_CHUNK_BYTES = 1024 * 1024;

/**
 * Encodes the steps handed to the sink as objects (sessions the main thread converts
 * itself; workers send chunks). One builder serves every session, so its memory is
 * reused: what it holds moves to its session's chunks every LOCAL_CHUNK_BYTES, when
 * another session's step arrives, and before the session's chunks are used.
 */
class LocalStepEncoder {
  private readonly builder: ColumnBuilder = createStepBuilder();
  private owner: ArrowSession | null = null;

  append(session: ArrowSession, step: TrajectoryStep): void {
    if (this.owner !== session) this.seal();
    this.owner = session;
    this.builder.append(step);
    if (this.builder.bytes >= LOCAL_CHUNK_BYTES) this.seal();
  }

  /** Moves the steps encoded for `session` (or for whichever session, without one) into its chunks. */
  seal(session?: ArrowSession): void {
    if (!this.owner || (session && this.owner !== session)) return;
    if (this.builder.length > 0) this.owner.chunks.push(this.builder.take());
    this.owner = null;
  }
}

/** apache-arrow takes a while to load, so only runs that write Arrow load it (at the first shard). */
type ArrowModules = { shardFile: typeof ShardFileModule; schema: typeof SchemaModule; hf: typeof HfModule };
let arrowModules: Promise<ArrowModules> | undefined;

function loadArrowModules(): Promise<ArrowModules> {
  arrowModules ??= Promise.all([import('./arrow-shard-file.js'), import('./arrow-schema.js'), import('./hf-dataset-files.js')]).then(
    ([shardFile, schema, hf]) => ({ shardFile, schema, hf }),
  );
  return arrowModules;
}

function createArrowHandler(options: ArrowSinkOptions): SessionHandler<ArrowSession> {
  const { outDir } = options;
  const ipc = options.ipc ?? 'stream';
  let schema: ReturnType<ArrowModules['schema']['createRecordArrowSchema']> | undefined;
  const shardLimits: ShardLimits = { maxBytes: options.shardBytes ?? DEFAULT_SHARD_BYTES, maxRows: options.shardRows };
  const batchLimits: BatchLimits = {
    batchRows: options.batchRows ?? DEFAULT_BATCH_ROWS,
    batchBytes: options.batchBytes ?? DEFAULT_BATCH_BYTES,
  };
  const shards: ArrowShardFile[] = [];
  const metadataFiles: AtomicFile[] = [];
  let aborted = false;

  async function openShard(): Promise<ArrowShardFile> {
    const arrow = await loadArrowModules();
    schema ??= arrow.schema.createRecordArrowSchema();
    const shard = await arrow.shardFile.ArrowShardFile.create(outDir, schema, ipc, batchLimits);
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

  const local = new LocalStepEncoder();

  return {
    encoding: { kind: 'arrow' },
    open: () => ({ chunks: [] }),
    addStep(session, step) {
      local.append(session, step);
    },
    addEncoded(session, encoded) {
      if (encoded.kind !== 'arrow') throw new Error('the Arrow sink takes Arrow step chunks');
      local.seal(session);
      session.chunks.push(encoded.chunk);
    },
    async place(session, summary) {
      local.seal(session);
      const row = createArrowRow(summary, session.chunks);
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
      const names = nameArrowShards(shards.length);
      const files: OutputFile[] = [];
      for (const [i, shard] of shards.entries()) {
        const name = names[i] as string;
        const { bytes, sha256 } = await shard.finish();
        await shard.file.moveTo(path.join(outDir, name));
        files.push({ path: name, kind: 'records', rows: shard.rows, bytes, sha256 });
      }
      await removeStaleShards(outDir, new Set(names), isArrowShardName);
      const { DATASET_INFO_FILE_NAME, STATE_FILE_NAME, renderDatasetInfo, renderDatasetState } = (await loadArrowModules()).hf;
      const shardFiles = [...files];
      files.push(await writeMetadataFile(DATASET_INFO_FILE_NAME, renderDatasetInfo()));
      if (ipc === 'stream') files.push(await writeMetadataFile(STATE_FILE_NAME, renderDatasetState(shardFiles)));
      else await removeStaleHfState(outDir, STATE_FILE_NAME);
      return files;
    },
    async abort() {
      aborted = true;
      await Promise.all([...shards.map((s) => s.file.discard()), ...metadataFiles.map((f) => f.discard())]);
    },
  };
}

/**
 * A `state.json` left by an earlier stream-format run would make `datasets` try to
 * open the new file-format shards as streams; remove it when it is one of ours.
 */
async function removeStaleHfState(outDir: string, stateFileName: string): Promise<void> {
  const statePath = path.join(outDir, stateFileName);
  const text = await readFile(statePath, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  try {
    const state = JSON.parse(text) as { _data_files?: { filename?: unknown }[] };
    const ours = Array.isArray(state._data_files) && state._data_files.every((f) => typeof f.filename === 'string' && isArrowShardName(f.filename));
    if (ours) await removeFinalFile(statePath);
  } catch {
    // Not JSON: not ours, leave it.
  }
}

export function createArrowSink(options: ArrowSinkOptions): RecordSink {
  mkdirSync(options.outDir, { recursive: true });
  return createOrderedSink(createArrowHandler(options));
}
