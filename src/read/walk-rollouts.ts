import { isUtf8 } from 'node:buffer';
import { statSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { displayPathBytes } from './display-path.js';
import { createFindings, describeFsError, readErrorCode, recordSkipped, type Findings, type Place } from './discovery-findings.js';
import { reportDirectoryLink, takeCandidate } from './take-candidate.js';

/**
 * Lists a directory, as `readdir(path, { withFileTypes: true })` does: names as strings,
 * or as bytes when `bytes` is set. Replaceable so that tests can make a listing fail
 * (tests run as root, whom permissions never stop).
 */
export type ListDirectory = (path: string | Buffer, bytes: boolean) => Promise<Dirent<string | Buffer>[]>;

export const listDirectory: ListDirectory = (path, bytes) =>
  bytes ? readdir(path, { withFileTypes: true, encoding: 'buffer' }) : readdir(path, { withFileTypes: true });

export type WalkOptions = {
  /** Which file names are wanted (directories are always searched). */
  isWanted: (name: string) => boolean;
  /** A root that does not exist holds nothing, silently (Codex's default stores may be absent). */
  missingRootIsEmpty?: boolean;
  listDirectory?: ListDirectory;
};

/**
 * Listings in flight. On a 2-core machine with a warm page cache, 8 lists 100,000 rollouts
 * as fast as any higher number; more only helps cold disks, which then queue in libuv.
 */
const LISTINGS_IN_FLIGHT = 8;

/**
 * Every wanted file under `root`, searched with plain directory listings (fast-glob with
 * its per-file stats took 3-4 times as long). Hidden entries (`.name`) are passed over;
 * symbolic links to files are taken, symbolic links to directories are not followed and
 * reported (a link cycle must not make the search loop). Names that are not valid UTF-8
 * are kept by their bytes (see displayPathBytes). A directory that cannot be listed, a
 * link to nothing or a FIFO named like a rollout becomes an issue; the search goes on.
 * Files come out in no particular order: discovery sorts them.
 */
export async function walkRollouts(root: Place, options: WalkOptions): Promise<Findings> {
  const findings = createFindings();
  const list = options.listDirectory ?? listDirectory;
  const pending: Place[] = [root];
  const inFlight = new Set<Promise<void>>();
  while (pending.length > 0 || inFlight.size > 0) {
    while (pending.length > 0 && inFlight.size < LISTINGS_IN_FLIGHT) {
      const directory = pending.pop()!;
      const task: Promise<void> = searchDirectory(directory, directory === root, list, options, findings, pending).then(() => {
        inFlight.delete(task);
      });
      inFlight.add(task);
    }
    if (inFlight.size > 0) await Promise.race(inFlight);
  }
  return findings;
}

/** Lists one directory: wanted files go to `findings`, subdirectories to `pending`. Never rejects. */
async function searchDirectory(
  directory: Place,
  isRoot: boolean,
  list: ListDirectory,
  options: WalkOptions,
  findings: Findings,
  pending: Place[],
): Promise<void> {
  let entries: Dirent<string | Buffer>[];
  try {
    entries = await list(directory.rawPath ?? directory.absolutePath, directory.rawPath !== undefined);
    // Node decodes names as UTF-8, turning bad bytes into U+FFFD: list again as bytes.
    if (directory.rawPath === undefined && entries.some((entry) => (entry.name as string).includes('\uFFFD'))) {
      entries = await list(directory.absolutePath, true);
    }
  } catch (error) {
    if (isRoot && options.missingRootIsEmpty === true && readErrorCode(error) === 'ENOENT') return;
    recordSkipped(findings, directory.path, 'read_error', `cannot list the directory: ${describeFsError(error)}`);
    return;
  }
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? entry.name : displayPathBytes(entry.name);
    if (name.startsWith('.')) continue;
    const place = placeEntry(directory, entry.name);
    if (entry.isDirectory()) pending.push(place);
    else if (options.isWanted(name)) takeCandidate(findings, place, 'report');
    else if (entry.isSymbolicLink() && isDirectoryLink(place)) reportDirectoryLink(findings, place.path);
  }
}

function placeEntry(directory: Place, name: string | Buffer): Place {
  if (typeof name === 'string' || isUtf8(name)) {
    const text = name.toString();
    const place: Place = { path: join(directory.path, text), absolutePath: join(directory.absolutePath, text) };
    if (directory.rawPath !== undefined) place.rawPath = Buffer.concat([directory.rawPath, SEPARATOR, Buffer.from(text)]);
    return place;
  }
  const shown = displayPathBytes(name);
  return {
    path: join(directory.path, shown),
    absolutePath: join(directory.absolutePath, shown),
    rawPath: Buffer.concat([directory.rawPath ?? Buffer.from(directory.absolutePath), SEPARATOR, name]),
  };
}

const SEPARATOR = Buffer.from('/');

function isDirectoryLink(place: Place): boolean {
  try {
    return statSync(place.rawPath ?? place.absolutePath, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    // A link that cannot be followed leads to no directory; only rollout-named links are reported.
    return false;
  }
}
