import { realpathSync } from 'node:fs';
import { recordIssue, recordSkipped, type Findings, type Place } from './discovery-findings.js';

/**
 * What a directory search does with a symbolic link to a directory: it never follows one
 * (a link cycle would never end), and says so. A link to a directory inside the search
 * loses nothing, since that directory's files are found by their own path: an issue only.
 * A link out of it (or one that cannot be resolved) may hide sessions: an issue, and the
 * path counts as not read.
 */
export function createDirectoryLinkReporter(root: Place, findings: Findings): (link: Place) => void {
  let rootTarget: Buffer | undefined | null = null;
  return (link) => {
    if (rootTarget === null) rootTarget = resolveTarget(root);
    const target = resolveTarget(link);
    if (rootTarget !== undefined && target !== undefined && isWithin(target, rootTarget)) {
      recordIssue(findings, link.path, 'skipped_path', 'a symbolic link to a directory inside this search, not followed: its files are found by their own path');
    } else {
      recordSkipped(findings, link.path, 'skipped_path', 'a symbolic link to a directory, not followed (a link cycle would never end); pass the directory itself to search it');
    }
  };
}

/** The real path as bytes (names need not be UTF-8); undefined when it cannot be resolved. */
function resolveTarget(place: Place): Buffer | undefined {
  try {
    return realpathSync(place.rawPath ?? place.absolutePath, { encoding: 'buffer' });
  } catch {
    return undefined;
  }
}

function isWithin(path: Buffer, directory: Buffer): boolean {
  if (directory.length === 1) return true; // `/`
  if (path.length === directory.length) return path.equals(directory);
  return path.length > directory.length && path[directory.length] === 0x2f && path.subarray(0, directory.length).equals(directory);
}
