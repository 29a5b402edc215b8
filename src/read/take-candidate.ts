import { statSync, type Stats } from 'node:fs';
import { describeFsError, recordIssue, recordSkipped, type Findings, type Place } from './discovery-findings.js';

/**
 * Takes a path that a search found (a rollout-named directory entry, or a glob match)
 * into `findings`: a regular file (a symbolic link to one included) is kept; anything
 * else that could hold a session but is not read becomes an issue. A directory there is
 * handed to `onDirectory`: a glob passes none (a glob matches directories too), a
 * directory search reports the link it never follows (see walkRollouts).
 */
export function takeCandidate(findings: Findings, place: Place, onDirectory?: (place: Place) => void): void {
  let stats: Stats | undefined;
  try {
    stats = statSync(place.rawPath ?? place.absolutePath, { throwIfNoEntry: false });
  } catch (error) {
    recordSkipped(findings, place.path, 'read_error', `cannot examine the file: ${describeFsError(error)}`);
    return;
  }
  if (stats === undefined) {
    recordSkipped(findings, place.path, 'read_error', describeMissing(place));
  } else if (stats.isFile()) {
    const { path, absolutePath, rawPath } = place;
    findings.files.push({ path, absolutePath, rawPath, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, identity: identifyFile(stats, absolutePath) });
    if (place.rawPath !== undefined) {
      recordIssue(findings, place.path, 'invalid_file_name', 'the path is not valid UTF-8: the file is read by its bytes, and shown with \\xHH for each byte that is not');
    }
  } else if (stats.isDirectory()) {
    onDirectory?.(place);
  } else {
    recordSkipped(
      findings,
      place.path,
      'skipped_path',
      `${describeSpecialFile(stats)}, not a regular file: not read, since reading it could wait forever; name it on its own to read it`,
    );
  }
}

function describeMissing(place: Place): string {
  // A glob hands out names as Node decoded them: bad bytes became U+FFFD and name no file.
  if (place.path.includes('\uFFFD') && place.rawPath === undefined) {
    return 'the name is not valid UTF-8 and a glob cannot reach it; pass its directory instead';
  }
  return 'no such file: a symbolic link to nothing, or removed during the search';
}

function describeSpecialFile(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'a special file';
}

export function identifyFile(stats: { dev: number; ino: number }, absolutePath: string): string {
  // Some filesystems report no inode numbers; the path is then the best identity left.
  return stats.ino === 0 ? `path:${absolutePath}` : `${stats.dev}:${stats.ino}`;
}
