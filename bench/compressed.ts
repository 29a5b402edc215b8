/**
 * Compressed inputs (issue 15): the corpus as `.jsonl.gz` (zlib, level 6) and `.jsonl.zst`
 * (the zstd CLI, level 3, as Codex writes them), converted to JSONL. MB/s are of the
 * uncompressed corpus, so they compare with the plain rows. zstd is read with Node's own
 * decoder where the runtime has one (zlib.createZstdDecompress), with fzstd otherwise.
 * The copies are made once, beside the corpus, and reused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as zlib from 'node:zlib';

export type CompressionKind = 'gzip' | 'zstd';

const SUFFIX: Record<CompressionKind, string> = { gzip: '.gz', zstd: '.zst' };
const DONE_MARKER = '.complete';

export function zstdDecoderName(): string {
  return typeof (zlib as { createZstdDecompress?: unknown }).createZstdDecompress === 'function' ? `Node ${process.version} zlib` : `fzstd (Node ${process.version} has no zstd)`;
}

/** The corpus compressed file by file into `<corpus>-<kind>`; null when the zstd CLI is missing. */
export function compressedCorpus(corpusDir: string, kind: CompressionKind): string | null {
  const dir = `${corpusDir}-${kind}`;
  if (existsSync(join(dir, DONE_MARKER))) return dir;
  const files = readdirSync(corpusDir, { recursive: true, encoding: 'utf8' }).filter((name) => /rollout-[^/]*\.jsonl$/.test(name));
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  if (kind === 'zstd') {
    for (let start = 0; start < files.length; start += 200) {
      const batch = files.slice(start, start + 200);
      const result = spawnSync('zstd', ['-q', '-3', '--output-dir-mirror', partial, ...batch], { cwd: corpusDir, stdio: 'ignore' });
      if (result.error || result.status !== 0) return null;
    }
  } else {
    for (const file of files) {
      const target = join(partial, `${file}${SUFFIX[kind]}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, zlib.gzipSync(readFileSync(join(corpusDir, file))));
    }
  }
  writeFileSync(join(partial, DONE_MARKER), '');
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return dir;
}

/** Bytes on disk of the compressed rollouts. */
export function compressedBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (name.endsWith('.gz') || name.endsWith('.zst')) total += statSync(join(dir, name)).size;
  }
  return total;
}
