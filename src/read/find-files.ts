import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import fg from 'fast-glob';

/** A regular file found on disk, with what discovery needs to sort, dedupe and read it. */
export type FoundFile = {
  /** As matched: relative to the glob's cwd for a relative pattern, absolute otherwise. */
  path: string;
  absolutePath: string;
  size: number;
  /** Device and inode: the same real file reached through two names has one identity. */
  identity: string;
};

/**
 * Regular files matching fast-glob patterns under `cwd`. Symbolic links to files are
 * followed, symbolic links to directories are not descended into (a link cycle in a
 * sessions tree must not make the search loop), hidden entries are skipped, and
 * unreadable directories are passed over.
 */
export async function findFiles(patterns: string | string[], cwd: string): Promise<FoundFile[]> {
  const entries = await fg(patterns, {
    cwd,
    dot: false,
    onlyFiles: false,
    followSymbolicLinks: false,
    stats: true,
    suppressErrors: true,
  });
  const found = await Promise.all(
    entries.map(async (entry): Promise<FoundFile | undefined> => {
      const absolutePath = resolve(cwd, entry.path);
      let stats = entry.stats;
      if (stats === undefined || stats.isSymbolicLink()) stats = await stat(absolutePath).catch(() => undefined);
      if (stats === undefined || !stats.isFile()) return undefined;
      return { path: entry.path, absolutePath, size: stats.size, identity: identifyFile(stats, absolutePath) };
    }),
  );
  return found.filter((file) => file !== undefined);
}

export function identifyFile(stats: { dev: number; ino: number }, absolutePath: string): string {
  // Some filesystems report no inode numbers; the path is then the best identity left.
  return stats.ino === 0 ? `path:${absolutePath}` : `${stats.dev}:${stats.ino}`;
}
