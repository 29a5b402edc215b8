/**
 * Writes the merged record files, as the format's MergeLayout says: session files are
 * copied, lines put back in input order and cut into shards, and columnar sessions read
 * back and written through the format's sink again, with the options the parts ran with.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { MergeLayout } from '../formats/output-format.js';
import { hashFile } from '../read/file-sha256.js';
import { AtomicFile } from '../write/atomic-file.js';
import { DEFAULT_SHARD_BYTES, shouldStartNewShard, type ShardLimits } from '../write/shards.js';
import type { OutputFile } from '../write/sink.js';
import type { AnyOutputFormat } from './any-output-format.js';
import { inInputOrder, MergeMismatchError, withPositions, type Positioned } from './merge-order.js';
import { MergeUsageError, type MergePart } from './merge-parts.js';
import { readRawLines } from './raw-lines.js';

export async function writeMergedRecords(format: AnyOutputFormat, parts: readonly MergePart[], outDir: string): Promise<OutputFile[]> {
  const layout = format.merge;
  switch (layout.kind) {
    case 'session-files':
      return copySessionFiles(parts, outDir);
    case 'lines':
      return writeMergedLines(layout, parts, outDir);
    case 'sessions':
      return writeMergedSessions(format, layout, parts, outDir);
  }
}

/** One file per session: names never repeat across parts (copies of one session share a part). */
async function copySessionFiles(parts: readonly MergePart[], outDir: string): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  const owner = new Map<string, string>();
  for (const part of parts) {
    for (const listed of part.manifest.files.filter((file) => file.kind === 'records')) {
      // A run names files case-insensitively unique (session-file-name.ts); two parts cannot agree on a suffix.
      const key = listed.path.toLowerCase();
      const other = owner.get(key);
      if (other !== undefined) throw new MergeUsageError(`${part.dir} and ${other} both hold ${listed.path}: sessions whose names differ only in case cannot be merged exactly`);
      owner.set(key, part.dir);
      const source = path.join(part.dir, listed.path);
      const target = path.join(outDir, listed.path);
      await copyFile(source, target);
      const { bytes, sha256 } = await hashFile(target);
      if (sha256 !== listed.sha256) throw new MergeMismatchError(`${source} does not match the sha256 its manifest.json lists`);
      files.push({ path: listed.path, kind: 'records', rows: listed.rows, bytes, sha256 });
    }
  }
  return files;
}

async function* linesOf(files: readonly string[]): AsyncGenerator<Buffer> {
  for (const file of files) yield* readRawLines(file);
}

function shardLimits(part: MergePart): ShardLimits {
  const { shard_bytes: maxBytes, shard_rows: maxRows } = part.partition.options;
  return { maxBytes: maxBytes ?? DEFAULT_SHARD_BYTES, maxRows: maxRows ?? undefined };
}

/** Cuts shards exactly as the format's sink does: a record starts a new shard when it would pass a limit. */
async function writeMergedLines(layout: Extract<MergeLayout<unknown, unknown>, { kind: 'lines' }>, parts: readonly MergePart[], outDir: string): Promise<OutputFile[]> {
  const limits = shardLimits(parts[0]!);
  const sources = parts.map((part) => withPositions(linesOf(part.recordFiles), part.partition.records, `the record files of ${part.dir}`));
  const shards: { file: AtomicFile; rows: number }[] = [];
  const open = async () => {
    const shard = { file: await AtomicFile.create(outDir, 'records'), rows: 0 };
    shards.push(shard);
    return shard;
  };
  try {
    for await (const line of inInputOrder(sources)) {
      let shard = shards.at(-1);
      if (!shard || shouldStartNewShard({ rows: shard.rows, bytes: shard.file.bytes }, line.length, limits)) shard = await open();
      await shard.file.write(line);
      shard.rows += 1;
    }
    if (shards.length === 0) await open();
    const names = layout.nameShards(shards.length);
    const files: OutputFile[] = [];
    for (const [i, shard] of shards.entries()) {
      const { bytes, sha256 } = await shard.file.finish();
      await shard.file.moveTo(path.join(outDir, names[i]!));
      files.push({ path: names[i]!, kind: 'records', rows: shard.rows, bytes, sha256 });
    }
    return files;
  } catch (error) {
    await Promise.all(shards.map((shard) => shard.file.discard()));
    throw error;
  }
}

async function writeMergedSessions(
  format: AnyOutputFormat,
  layout: Extract<MergeLayout<unknown, unknown>, { kind: 'sessions' }>,
  parts: readonly MergePart[],
  outDir: string,
): Promise<OutputFile[]> {
  const first = parts[0]!;
  const { shard_bytes: shardBytes, shard_rows: shardRows } = first.partition.options;
  const sink = format.openSink({ outDir, shardBytes: shardBytes ?? undefined, shardRows: shardRows ?? undefined, arrowIpc: first.manifest.arrow_ipc ?? undefined });
  async function* sessionsOf(part: MergePart) {
    const listed = part.manifest.files.filter((file) => file.kind === 'records');
    for (const [i, file] of part.recordFiles.entries()) {
      // A shard damaged after the run would fail deep in its Arrow or Parquet decoder (or,
      // a flipped bit in a data page, decode to other values): it must still be what the part listed.
      if ((await hashFile(file)).sha256 !== listed[i]!.sha256) throw new MergeMismatchError(`${file} does not match the sha256 its manifest.json lists`);
      yield* layout.readSessions(file);
    }
  }
  const sources: AsyncIterator<Positioned<{ steps: unknown[]; summary: unknown }>>[] = parts.map((part) =>
    withPositions(sessionsOf(part), part.partition.records, `the record files of ${part.dir}`),
  );
  try {
    for await (const session of inInputOrder(sources)) {
      const writer = sink.beginSession();
      for (const step of session.steps) await writer.writeStep(step);
      await writer.end(session.summary);
    }
    return (await sink.close()).files;
  } catch (error) {
    await sink.abort();
    throw error;
  }
}
