/**
 * `--format arrow`: Apache Arrow IPC shards with typed columns (RECORD_COLUMNS).
 * Default (`ipc: 'stream'`) is the Hugging Face `save_to_disk` layout:
 * `data-00000-of-0000N.arrow` in the IPC stream format, `dataset_info.json` and
 * `state.json`, so `datasets.load_from_disk(dir)` works. `ipc: 'file'` writes the
 * same shard names in the IPC file format (polars `read_ipc`, `pyarrow.ipc.open_file`,
 * DuckDB) plus `dataset_info.json`, and no `state.json` (`datasets` cannot read it).
 */
import { mkdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SessionSummary, TrajectoryStep } from '../trajectory/rl-schema.js';
import { AtomicFile } from './atomic-file.js';
import type * as SchemaModule from './arrow-schema.js';
import type * as ShardFileModule from './arrow-shard-file.js';
import type { ArrowShardFile, BatchLimits } from './arrow-shard-file.js';
import { assembleArrowRow, toArrowStepValue } from './arrow-row.js';
import type * as HfModule from './hf-dataset-files.js';
import { createOrderedSink, type SessionHandler } from './ordered-sink.js';
import type { ArrowIpcFormat } from './output-format.js';
import { DEFAULT_SHARD_BYTES, formatShardName, isShardName, removeStaleShards, shouldStartNewShard, type ShardLimits } from './shards.js';
import type { OutputFile, RecordSink } from './sink.js';

export const ARROW_STEM = 'data';
export const ARROW_EXTENSION = '.arrow';
export const DEFAULT_BATCH_ROWS = 256;
/**
 * The batch being built lives on the main thread (builders, then the encoded batch), next
 * to the sessions waiting for it: 8 MiB keeps a 2 GB run's peak RSS under 512 MB (32 MiB:
 * about 575 MB) at no measurable cost in speed.
 */
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

/** Converts a finished session to one value per column, with its estimated size. */
export function toArrowRow(summary: SessionSummary, steps: readonly TrajectoryStep[]): { values: unknown[]; bytes: number } {
  let stepBytes = 0;
  const values = steps.map((step, i) => {
    const converted = toArrowStepValue(step, i);
    stepBytes += converted.bytes;
    return converted.value;
  });
  return assembleArrowRow(summary, values, stepBytes);
}

/** A session's steps, already converted to trajectory-column values. */
type ArrowSession = { steps: unknown[]; stepBytes: number };

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

  return {
    encoding: { kind: 'arrow' },
    open: () => ({ steps: [], stepBytes: 0 }),
    addStep(session, step) {
      const { value, bytes } = toArrowStepValue(step, session.steps.length);
      session.steps.push(value);
      session.stepBytes += bytes;
    },
    addEncoded(session, encoded) {
      if (encoded.kind !== 'arrow') throw new Error('the Arrow sink takes Arrow step values');
      for (const value of encoded.values) session.steps.push(value);
      session.stepBytes += encoded.bytes;
    },
    async place(session, summary) {
      const row = assembleArrowRow(summary, session.steps, session.stepBytes);
      session.steps = [];
      let shard = shards.at(-1);
      if (!shard || shouldStartNewShard({ rows: shard.rows, bytes: shard.estimatedBytes }, row.bytes, shardLimits)) {
        if (shard) await shard.finish();
        shard = await openShard();
      }
      await shard.append(row.values, row.bytes);
    },
    async discard(session) {
      session.steps = [];
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
    if (ours) await rm(statePath, { force: true });
  } catch {
    // Not JSON: not ours, leave it.
  }
}

export function createArrowSink(options: ArrowSinkOptions): RecordSink {
  mkdirSync(options.outDir, { recursive: true });
  return createOrderedSink(createArrowHandler(options));
}
