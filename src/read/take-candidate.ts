import { statSync, type Stats } from 'node:fs';
import { describeFsError, recordIssue, recordSkipped, type Findings, type Place } from './discovery-findings.js';

/**
 * Takes a path that a search found (a rollout-named directory entry, or a glob match)
 * into `findings`: a regular file (a symbolic link to one included) is kept; anything
 * else that could hold a session but is not read becomes an issue. `directories` says
 * what a directory there means: nothing for a glob match (a glob matches directories
 * too), a skipped link for a directory search, which never follows symbolic links to
 * directories so that a link cycle cannot make it loop.
 */
export function takeCandidate(findings: Findings, place: Place, directories: 'ignore' | 'report'): void {
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
    findings.files.push({ path, absolutePath, rawPath, size: stats.size, identity: identifyFile(stats, absolutePath) });
    if (place.rawPath !== undefined) {
      recordIssue(findings, place.path, 'invalid_file_name', 'the path is not valid UTF-8: the file is read by its bytes, and shown with \\xHH for each byte that is not');
    }
  } else if (stats.isDirectory()) {
    if (directories === 'report') reportDirectoryLink(findings, place.path);
  } else {
    recordSkipped(
      findings,
      place.path,
      'skipped_path',
      `${describeSpecialFile(stats)}, not a regular file: not read, since reading it could wait forever; name it on its own to read it`,
    );
  }
}

/** A symbolic link to a directory, met by a directory search. */
export function reportDirectoryLink(findings: Findings, path: string): void {
  recordSkipped(findings, path, 'skipped_path', 'a symbolic link to a directory, not followed (a link cycle would never end); pass the directory itself to search it');
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
