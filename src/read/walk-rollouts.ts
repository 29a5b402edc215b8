import { isUtf8 } from 'node:buffer';
import { statSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { displayPathBytes } from './display-path.js';
import { createFindings, describeFsError, readErrorCode, recordSkipped, type Findings, type Place } from './discovery-findings.js';
import { createDirectoryLinkReporter } from './directory-links.js';
import { takeCandidate } from './take-candidate.js';

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
 * Listings in flight. With a warm page cache the number hardly matters (1 to 64 list
 * 100,000 rollouts in the same time: the stats on this thread dominate); a few in flight
 * keep a cold disk busy without filling libuv's four threads, which file reads share.
 */
const LISTINGS_IN_FLIGHT = 8;

/**
 * Every wanted file under `root`, searched with plain directory listings (fast-glob with
 * its per-file stats took 4 times as long). Hidden entries (`.name`) are passed over;
 * symbolic links to files are taken, symbolic links to directories are not followed and
 * reported (see createDirectoryLinkReporter). Names that are not valid UTF-8 are kept by
 * their bytes (see displayPathBytes). A directory that cannot be listed, a link to
 * nothing or a FIFO named like a rollout becomes an issue; the search goes on. Files
 * come out in no particular order: discovery sorts them.
 *
 * Each wanted file costs one stat, made synchronously while its directory is handled: on
 * libuv's thread pool, 100,000 stats took 1.3 s instead of 0.3 s (the round trip costs
 * more than the call), and a directory's stats block the thread well under a millisecond.
 */
export async function walkRollouts(root: Place, options: WalkOptions): Promise<Findings> {
  const findings = createFindings();
  const walk: Walk = {
    root,
    options,
    list: options.listDirectory ?? listDirectory,
    findings,
    pending: [root],
    reportLink: createDirectoryLinkReporter(root, findings),
  };
  const inFlight = new Set<Promise<void>>();
  while (walk.pending.length > 0 || inFlight.size > 0) {
    while (walk.pending.length > 0 && inFlight.size < LISTINGS_IN_FLIGHT) {
      const task: Promise<void> = searchDirectory(walk.pending.pop()!, walk).then(() => {
        inFlight.delete(task);
      });
      inFlight.add(task);
    }
    if (inFlight.size > 0) await Promise.race(inFlight);
  }
  return findings;
}

/** One search: where it started, what it found, and the directories still to list. */
type Walk = {
  root: Place;
  options: WalkOptions;
  list: ListDirectory;
  findings: Findings;
  pending: Place[];
  reportLink: (link: Place) => void;
};

/** Lists one directory: wanted files go to the findings, subdirectories to `pending`. Never rejects. */
async function searchDirectory(directory: Place, walk: Walk): Promise<void> {
  let entries: Dirent<string | Buffer>[];
  try {
    entries = await walk.list(directory.rawPath ?? directory.absolutePath, directory.rawPath !== undefined);
    // Node decodes names as UTF-8, turning bad bytes into U+FFFD: list again as bytes.
    if (directory.rawPath === undefined && entries.some((entry) => (entry.name as string).includes('\uFFFD'))) {
      entries = await walk.list(directory.absolutePath, true);
    }
  } catch (error) {
    if (directory === walk.root && walk.options.missingRootIsEmpty === true && readErrorCode(error) === 'ENOENT') return;
    recordSkipped(walk.findings, directory.path, 'read_error', `cannot list the directory: ${describeFsError(error)}`);
    return;
  }
  const children = new ChildPaths(directory);
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? entry.name : displayPathBytes(entry.name);
    if (name.startsWith('.')) continue;
    if (entry.isDirectory()) walk.pending.push(children.placeEntry(entry.name, name));
    else if (walk.options.isWanted(name)) takeCandidate(walk.findings, children.placeEntry(entry.name, name), walk.reportLink);
    else if (entry.isSymbolicLink()) reportIfDirectoryLink(children.placeEntry(entry.name, name), walk);
  }
}

const SEPARATOR = Buffer.from('/');

/**
 * The places of a directory's entries. Names from a listing hold no `/` and are never
 * `.` or `..`, so appending them to the directory's joined prefix is what `join` would
 * give, without normalizing the whole path again for each of 100,000 files.
 */
class ChildPaths {
  readonly #directory: Place;
  readonly #path: string;
  readonly #absolutePath: string;

  constructor(directory: Place) {
    this.#directory = directory;
    this.#path = join(directory.path, 'x').slice(0, -1);
    this.#absolutePath = join(directory.absolutePath, 'x').slice(0, -1);
  }

  /** `shown` is the name as text: itself, or its bytes with `\xHH` escapes. */
  placeEntry(name: string | Buffer, shown: string): Place {
    const place: Place = { path: this.#path + shown, absolutePath: this.#absolutePath + shown };
    const rawParent = this.#directory.rawPath;
    if (typeof name !== 'string' && !isUtf8(name)) {
      place.rawPath = Buffer.concat([rawParent ?? Buffer.from(this.#directory.absolutePath), SEPARATOR, name]);
    } else if (rawParent !== undefined) {
      place.rawPath = Buffer.concat([rawParent, SEPARATOR, Buffer.from(shown)]);
    }
    return place;
  }
}

function reportIfDirectoryLink(link: Place, walk: Walk): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(link.rawPath ?? link.absolutePath, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    // A link that cannot be followed leads to no directory; only rollout-named links are reported.
  }
  if (isDirectory) walk.reportLink(link);
}
