import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What corpus to generate: many sessions adding up to `bytes`, or one session of `bytes`. */
export type CorpusSpec = {
  mode: 'size' | 'single';
  bytes: number;
  seed: number;
};

/** Sizes are binary: 1 KB = 1024 bytes, 1 MB = 1024 KB, 1 GB = 1024 MB (also for MB/s). */
export const MB = 1024 * 1024;

const UNITS: Readonly<Record<string, number>> = { B: 1, KB: 1024, MB, GB: 1024 * MB };

/** Parses `200MB`, `2GB`, `1.5GB`, `512KB` or a plain byte count. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|K|M|G)?\s*$/i.exec(text);
  if (match === null) throw new Error(`not a size: "${text}" (expected e.g. 200MB, 2GB, 512KB)`);
  let unit = (match[2] ?? 'B').toUpperCase();
  if (unit.length === 1 && unit !== 'B') unit += 'B';
  return Math.round(Number(match[1]) * UNITS[unit]!);
}

/** The shortest exact label for a size: `200MB`, `2GB`, `1536KB`, `1000B`. */
export function formatSize(bytes: number): string {
  for (const unit of ['GB', 'MB', 'KB'] as const) {
    const n = bytes / UNITS[unit]!;
    if (Number.isInteger(n)) return `${n}${unit}`;
  }
  return `${bytes}B`;
}

/** The corpus directory name: `size-200MB-seed-1`, `single-1GB-seed-1`. */
export function formatCorpusName(spec: CorpusSpec): string {
  return `${spec.mode}-${formatSize(spec.bytes)}-seed-${spec.seed}`;
}

/** The directory holding package.json, found from this file (works from bench/ and dist/bench/). */
export function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the bench scripts');
    dir = parent;
  }
}

/** `bench/corpus/<name>` in the package (gitignored). */
export function defaultCorpusDir(spec: CorpusSpec): string {
  return join(findPackageRoot(), 'bench', 'corpus', formatCorpusName(spec));
}
