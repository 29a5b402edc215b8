/**
 * Shard planning and naming for the sharded formats (jsonl, arrow). A session is
 * never split: a record starts a new shard when adding it would push the current
 * shard past the byte or row limit (a single record larger than the limit gets a
 * shard of its own). Decisions depend only on the records, so names and contents
 * are the same on every run over the same input.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { removeFinalFile } from './atomic-file.js';

/** 500 MB, Hugging Face's default `max_shard_size`. */
export const DEFAULT_SHARD_BYTES = 500_000_000;

export type ShardLimits = {
  /** Target maximum bytes per shard. */
  maxBytes: number;
  /** Maximum records per shard; undefined for no row limit. */
  maxRows?: number | undefined;
};

export type ShardFill = { rows: number; bytes: number };

export function shouldStartNewShard(current: ShardFill, nextBytes: number, limits: ShardLimits): boolean {
  if (current.rows === 0) return false;
  if (limits.maxRows !== undefined && current.rows + 1 > limits.maxRows) return true;
  return current.bytes + nextBytes > limits.maxBytes;
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
    names.filter((name) => isOurs(name) && !keep.has(name)).map((name) => removeFinalFile(path.join(dir, name))),
  );
}
