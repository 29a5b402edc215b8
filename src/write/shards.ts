/**
 * Shard planning and naming for the sharded formats (jsonl, arrow, parquet, messages) and
 * `merge`. A session is never split. Where a shard ends is decided per record, by
 * `shouldStartNewShard`, from the records alone, so names and contents are the same on
 * every run over the same input (clean, `--incremental`, any `--jobs`, partition + merge).
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** 500 MB, Hugging Face's default `max_shard_size`. */
export const DEFAULT_SHARD_BYTES = 500_000_000;

export type ShardLimits = {
  /** Target maximum bytes per shard. */
  maxBytes: number;
  /** Maximum records per shard; undefined for no row limit. */
  maxRows?: number | undefined;
};

type ShardFill = { rows: number; bytes: number };

/**
 * Where a byte limit lets shards end by content: from half the limit on. Below it a
 * shard never ends early, so shards hold at least half the limit (but the last).
 */
const CONTENT_CUT_FROM = 0.5;
/**
 * Past CONTENT_CUT_FROM, a record of b bytes starts a new shard with chance b / (limit
 * / CUT_RATE_DIVISOR): a shard goes on some limit/8 bytes beyond half the limit, on
 * average (about 0.62 x the limit, 310 MB at the default), whatever the sessions'
 * sizes, and only ~2% of shards (e^-4) reach the limit, where the cut is forced.
 */
const CUT_RATE_DIVISOR = 8;

/**
 * Whether `nextBytes` (a record's bytes) starts a new shard after `current`.
 *
 * Cuts are content-defined, so that an `--incremental` rebuild after a change in one
 * shard finds the later shards as they were and takes them whole (adoption-plan.ts):
 * with cuts made greedily by size, a first shard whose sessions grew pushed its last
 * session into the next shard, and every later boundary moved with it. Here a record
 * starts a new shard when the shard holds at least CONTENT_CUT_FROM of the byte limit
 * and a hash of the record's byte length falls under a threshold proportional to that
 * length. The length is what every caller knows before placing a record (a JSONL
 * line's bytes, a columnar row's estimated bytes), costs nothing to hash, and is a
 * property of the record alone. A shard whose records grow by δ bytes keeps its end
 * unless a record in the δ bytes before its half-way mark is a cut point (chance about
 * δ / (limit / CUT_RATE_DIVISOR): 14 sessions grown by a line are some kilobytes
 * against 62 MB by default), and a later shard keeps its ends whenever it starts where
 * it did; growth of a good part of a shard may move a few later ends before they fall
 * in step again. Two sessions of one length are equally (un)likely to cut, which
 * matters only for copies of one session. The byte and row limits still force a cut,
 * so no shard passes them (a record larger than the limit gets a shard of its own); a
 * row limit cuts by count, so a session added or removed before a shard cut by rows
 * moves it (a session that grows does not).
 *
 * The Hugging Face names (`-0000i-of-0000N`) carry the count N. A change that adds or
 * removes a cut (sessions appended to the last shard that take it past half the limit
 * and reach a cut point, or a cut record that changed size) changes N, so every shard
 * gets a new name; shards whose records did not change keep their bytes and are still
 * taken from the last dataset under the new name. Readers find the shards by pattern
 * (`load_dataset`) or in state.json (`load_from_disk`), so they see no difference.
 */
export function shouldStartNewShard(current: ShardFill, nextBytes: number, limits: ShardLimits): boolean {
  if (current.rows === 0) return false;
  if (limits.maxRows !== undefined && current.rows + 1 > limits.maxRows) return true;
  if (current.bytes + nextBytes > limits.maxBytes) return true;
  if (current.bytes < limits.maxBytes * CONTENT_CUT_FROM) return false;
  return hashLength(nextBytes) < (nextBytes * CUT_RATE_DIVISOR * 2 ** 32) / limits.maxBytes;
}

/** A well-mixed 32-bit hash of a byte count (up to 2^53): near lengths get unrelated hashes. */
function hashLength(bytes: number): number {
  const high = Math.floor(bytes / 2 ** 32);
  return mix32((bytes >>> 0) ^ mix32(high + 0x9e3779b9));
}

/** An avalanche step (xor-shift and odd multiplies): every input bit moves about half the output bits. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** `data-00000-of-00003.arrow`: the Hugging Face `save_to_disk` naming. */
export function formatShardName(stem: string, extension: string, index: number, count: number): string {
  return `${stem}-${String(index).padStart(5, '0')}-of-${String(count).padStart(5, '0')}${extension}`;
}

export function isShardName(name: string, stem: string, extension: string): boolean {
  if (!name.startsWith(`${stem}-`) || !name.endsWith(extension)) return false;
  const middle = name.slice(stem.length + 1, name.length - extension.length);
  return /^\d{5,}-of-\d{5,}$/.test(middle);
}

/**
 * Removes shards of an earlier run that the new run did not write (a re-run with
 * fewer shards must not leave `-of-00005` files beside `-of-00003` ones). Only
 * names matching the sink's own pattern are touched.
 */
export async function removeStaleShards(dir: string, keep: ReadonlySet<string>, isOurs: (name: string) => boolean): Promise<void> {
  const names = await readdir(dir);
  await Promise.all(
    names.filter((name) => isOurs(name) && !keep.has(name)).map((name) => rm(path.join(dir, name), { force: true })),
  );
}
