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
import { OutputPathError } from '../../write/output-dir.js';
import { copyFileRange, readFirstLineBytes, readLeadingLinesBytes, readTrailingLineLengths, type PreviousFiles, type ReferenceFile } from '../../write/reference-file.js';
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

type JsonlSinkOptions = {
  outDir: string;
  /** Target bytes per shard (default 500 MB). */
  shardBytes?: number | undefined;
  /** Maximum records per shard (default: no limit). */
  shardRows?: number | undefined;
  /** Sessions larger than this wait on disk instead of in memory (default 32 MiB). */
  spillBytes?: number | undefined;
  previous?: PreviousFiles | undefined;
};

/** The final names of `count` JSONL shards named after `stem` (the trajectory records' by default). */
export function nameJsonlShards(count: number, stem = JSONL_STEM): string[] {
  if (count === 1) return [`${stem}${JSONL_EXTENSION}`];
  return Array.from({ length: count }, (_, i) => formatShardName(stem, JSONL_EXTENSION, i, count));
}

/** Whether a name is one of the JSONL shards named after `stem` (the trajectory records' by default). */
export function isJsonlShardName(name: string, stem = JSONL_STEM): boolean {
  return name === `${stem}${JSONL_EXTENSION}` || isShardName(name, stem, JSONL_EXTENSION);
}

type Shard = { file: AtomicFile; rows: number };

/**
 * Places one row per line in shards `<stem>.jsonl` or `<stem>-0000i-of-0000N.jsonl`.
 * `previous`: shard i is compared with the replaced dataset's shard i (reference-file.ts).
 */
export function createJsonlPlacer(outDir: string, limits: ShardLimits, stem = JSONL_STEM, previous?: PreviousFiles): RecordPlacer {
  const shards: Shard[] = [];
  const references = previous?.shards((name) => isJsonlShardName(name, stem)).map((shard) => shard.reference) ?? [];
  let aborted = false;

  async function openShard(): Promise<Shard> {
    const shard = { file: await AtomicFile.create(outDir, `${stem}${JSONL_EXTENSION}`, references[shards.length]), rows: 0 };
    shards.push(shard);
    if (aborted) await shard.file.discard();
    return shard;
  }

  /**
   * The file's records from `from` on go after the shard being written, as placing them
   * would put them: only when none of them would start a new shard there (the shard now
   * holds other bytes before them than it did). Their bytes are copied from the file.
   */
  async function appendLastRecords(reference: ReferenceFile, from: number, rows: number): Promise<boolean> {
    const last = shards.at(-1);
    if (!last) return false;
    const lines = readTrailingLineLengths(reference.path, from, reference.bytes);
    if (!lines || lines.lengths.length !== rows) return false;
    const fill = { rows: last.rows, bytes: last.file.bytes };
    for (const length of lines.lengths) {
      if (shouldStartNewShard(fill, length, limits)) return false;
      fill.rows += 1;
      fill.bytes += length;
    }
    const file = last.file;
    if (!(await copyFileRange(reference.path, lines.start, reference.bytes, (chunk) => file.write(chunk)))) {
      throw new OutputPathError(`${reference.path} changed while the run read it; run again`, undefined);
    }
    last.rows = fill.rows;
    return true;
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
    async adopt({ reference, from, rows, fileRows }) {
      if (from > 0) return appendLastRecords(reference, from, rows);
      // The shard starts with the same records as in the last dataset (all of them, or its
      // first `rows`), so they are that file's bytes if they start a shard here, as they did
      // there: the shard before cannot take its first line. Where it ends, the next record's
      // place() decides (writing on copies the file's taken bytes first).
      const last = shards.at(-1);
      if (last) {
        const firstLine = readFirstLineBytes(reference.path);
        if (firstLine === null || !shouldStartNewShard({ rows: last.rows, bytes: last.file.bytes }, firstLine, limits)) return false;
      }
      const bytes = rows === fileRows ? reference.bytes : readLeadingLinesBytes(reference.path, rows);
      if (bytes === null) return false;
      const file = await AtomicFile.adopt(outDir, `${stem}${JSONL_EXTENSION}`, reference, bytes);
      if (!file) return false;
      if (last) await last.file.finish();
      shards.push({ file, rows });
      if (aborted) await file.discard();
      return true;
    },
    async finish() {
      // An empty run still writes an (empty) trajectories.jsonl, so readers find the file.
      if (shards.length === 0) await openShard();
      const names = nameJsonlShards(shards.length, stem);
      const files: OutputFile[] = [];
      for (const [i, shard] of shards.entries()) {
        const name = names[i] as string;
        const { bytes, sha256 } = await shard.file.finish();
        await shard.file.moveTo(path.join(outDir, name));
        files.push({ path: name, kind: 'records', rows: shard.rows, bytes, sha256 });
      }
      await removeStaleShards(outDir, new Set(names), (name) => isJsonlShardName(name, stem));
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
  const placer = createJsonlPlacer(options.outDir, limits, JSONL_STEM, options.previous);
  return createOrderedSink(
    createTextHandler({ layout: 'compact', spillDir: options.outDir, spillBytes: options.spillBytes, placer }),
  );
}
