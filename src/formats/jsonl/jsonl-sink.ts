/**
 * `--format jsonl`: one compact record per line. One shard is `trajectories.jsonl`;
 * when `--shard-size`/`--shard-rows` split the output, the shards are
 * `trajectories-00000-of-0000N.jsonl`. The shard count is only known at the end, so
 * shards are written under temp names and renamed by `close()`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AtomicFile } from '../../write/atomic-file.js';
import { createOrderedSink } from '../../write/ordered-sink.js';
import type { OutputFile, RecordSink } from '../../write/sink.js';
import {
  DEFAULT_SHARD_BYTES,
  formatShardName,
  isShardName,
  removeStaleShards,
  shouldStartNewShard,
  type ShardLimits,
} from '../../write/shards.js';
import { createTextHandler, writeBufferedRecord, type BufferedRecord, type RecordPlacer } from '../../write/text-session.js';
import type { TextSteps } from '../../write/text-steps.js';

const JSONL_STEM = 'trajectories';
const JSONL_EXTENSION = '.jsonl';
/** The name of the output when it fits in one shard. */
const JSONL_SINGLE_NAME = `${JSONL_STEM}${JSONL_EXTENSION}`;

type JsonlSinkOptions = {
  outDir: string;
  /** Target bytes per shard (default 500 MB). */
  shardBytes?: number | undefined;
  /** Maximum records per shard (default: no limit). */
  shardRows?: number | undefined;
  /** Sessions larger than this wait on disk instead of in memory (default 32 MiB). */
  spillBytes?: number | undefined;
};

/** The final names of `count` JSONL shards. */
export function nameJsonlShards(count: number): string[] {
  if (count === 1) return [JSONL_SINGLE_NAME];
  return Array.from({ length: count }, (_, i) => formatShardName(JSONL_STEM, JSONL_EXTENSION, i, count));
}

export function isJsonlShardName(name: string): boolean {
  return name === JSONL_SINGLE_NAME || isShardName(name, JSONL_STEM, JSONL_EXTENSION);
}

type Shard = { file: AtomicFile; rows: number };

function createJsonlPlacer(outDir: string, limits: ShardLimits): RecordPlacer {
  const shards: Shard[] = [];
  let aborted = false;

  async function openShard(): Promise<Shard> {
    const shard = { file: await AtomicFile.create(outDir, JSONL_SINGLE_NAME), rows: 0 };
    shards.push(shard);
    if (aborted) await shard.file.discard();
    return shard;
  }

  return {
    async place(record: BufferedRecord) {
      let shard = shards.at(-1);
      if (!shard || shouldStartNewShard({ rows: shard.rows, bytes: shard.file.bytes }, record.byteLength, limits)) {
        if (shard) await shard.file.finish();
        shard = await openShard();
      }
      const file = shard.file;
      await writeBufferedRecord(record, (chunk) => file.write(chunk));
      shard.rows += 1;
    },
    async finish() {
      // An empty run still writes an (empty) trajectories.jsonl, so readers find the file.
      if (shards.length === 0) await openShard();
      const names = nameJsonlShards(shards.length);
      const files: OutputFile[] = [];
      for (const [i, shard] of shards.entries()) {
        const name = names[i] as string;
        const { bytes, sha256 } = await shard.file.finish();
        await shard.file.moveTo(path.join(outDir, name));
        files.push({ path: name, kind: 'records', rows: shard.rows, bytes, sha256 });
      }
      await removeStaleShards(outDir, new Set(names), isJsonlShardName);
      return files;
    },
    async abort() {
      aborted = true;
      await Promise.all(shards.map((s) => s.file.discard()));
    },
  };
}

export function createJsonlSink(options: JsonlSinkOptions): RecordSink<TextSteps> {
  mkdirSync(options.outDir, { recursive: true });
  const limits: ShardLimits = { maxBytes: options.shardBytes ?? DEFAULT_SHARD_BYTES, maxRows: options.shardRows };
  const placer = createJsonlPlacer(options.outDir, limits);
  return createOrderedSink(
    createTextHandler({ layout: 'compact', spillDir: options.outDir, spillBytes: options.spillBytes, placer }),
  );
}
