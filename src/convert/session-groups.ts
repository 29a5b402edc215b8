/**
 * Which input files hold sessions that belong together, read from their headers only.
 * A fork's file starts with its own `session_meta`, which names the parent in
 * `forked_from_id` (2026); a sub-agent's names the thread that spawned it in
 * `source.subagent.thread_spawn.parent_thread_id`; two copies of one session (a file
 * archived twice, or kept both plain and compressed) carry the same id. Files linked by
 * any of these, directly or through others, form one group, named by the smallest
 * session id in it, so that every machine that sees the same inputs names it the same
 * whatever the order it read them in.
 *
 * One job: the header pre-pass and the grouping. Partitioning (what a group is for) is
 * elsewhere.
 */
import type { InputFile } from '../read/input-file.js';
import { decodeByteLine } from '../read/line-splitter.js';
import { readByteLineBatches } from '../read/lines.js';
import { mapFewAtATime } from '../read/few-at-a-time.js';

/** What the first line of a rollout says about the session's identity and relatives. */
export type SessionLinks = {
  /** The session's own id, or null when the header is missing or unreadable. */
  id: string | null;
  /** Ids of the sessions it derives from (fork parent, spawning thread). */
  parents: string[];
  /** The session it was forked from (`forked_from_id`), when it names one. */
  forkedFrom?: string;
  /** The thread that spawned it (a sub-agent's `parent_thread_id`), when it names one. */
  spawnedBy?: string;
  /**
   * The header is a bare legacy one (Codex up to 0.30: `{id, timestamp, instructions}` with no
   * `type`), whose resumes wrote a new file under a new id (see resumed-copies.ts).
   */
  legacy?: boolean;
  /** The session's working directory, as the header names it (what `--anonymize` reads). */
  cwd?: string;
};

/** Header lines are small; a few buffers' worth covers any real one. */
const HEADER_READ_BUFFER = 64 * 1024;
/** The session id Codex puts at the end of every rollout file name. */
const FILE_NAME_ID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl(?:\.gz|\.zst)?$/i;

function stringField(object: unknown, key: string): string | null {
  if (typeof object !== 'object' || object === null) return null;
  const value = (object as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The links in a parsed first line: a wrapped `session_meta` (2025-2026) or a bare legacy header. */
export function linksOfHeader(first: unknown): SessionLinks {
  const wrapped = stringField(first, 'type') === 'session_meta';
  const meta = wrapped ? (first as { payload?: unknown }).payload : first;
  if (!wrapped && stringField(first, 'type') !== null) return { id: null, parents: [] };
  const id = stringField(meta, 'id') ?? stringField(meta, 'session_id');
  const legacy = !wrapped && id !== null;
  const parents: string[] = [];
  const forkedFrom = stringField(meta, 'forked_from_id');
  if (forkedFrom) parents.push(forkedFrom);
  const source = typeof meta === 'object' && meta !== null ? (meta as { source?: unknown }).source : undefined;
  const subagent = typeof source === 'object' && source !== null ? (source as { subagent?: unknown }).subagent : undefined;
  const spawn = typeof subagent === 'object' && subagent !== null ? (subagent as { thread_spawn?: unknown }).thread_spawn : undefined;
  const spawnedBy = stringField(spawn, 'parent_thread_id');
  if (spawnedBy) parents.push(spawnedBy);
  const links: SessionLinks = { id, parents };
  if (forkedFrom) links.forkedFrom = forkedFrom;
  if (spawnedBy) links.spawnedBy = spawnedBy;
  if (legacy) links.legacy = legacy;
  return links;
}

/**
 * A file's first non-blank line, parsed (null: none, or not JSON; the conversion reports why),
 * and whether the file could be read.
 */
type HeaderRead = { header: unknown; readable: boolean };

async function readHeader(file: InputFile): Promise<HeaderRead> {
  try {
    // Only the first line is decoded: the read buffer holds the start of the lines after it too.
    for await (const lines of readByteLineBatches(file, { bufferSize: HEADER_READ_BUFFER })) {
      try {
        return { header: JSON.parse(decodeByteLine(lines[0]!).text) as unknown, readable: true };
      } catch {
        return { header: null, readable: true };
      }
    }
  } catch {
    // Unreadable: the conversion reports it.
    return { header: null, readable: false };
  }
  return { header: null, readable: true };
}

/** A file's links, from its header; a file without one is grouped by its name below. */
export async function readSessionLinks(file: InputFile): Promise<SessionLinks> {
  return (await readHeaderLinks(file)).links;
}

/** A file's links, and whether its header could be read (an unreadable file's links are only what its name says). */
async function readHeaderLinks(file: InputFile): Promise<{ links: SessionLinks; readable: boolean }> {
  const { header, readable } = await readHeader(file);
  let links: SessionLinks = header === null ? { id: null, parents: [] } : linksOfHeader(header);
  if (links.id === null) links = { ...links, id: FILE_NAME_ID.exec(file.path)?.[1]?.toLowerCase() ?? null };
  const cwd = cwdOfHeader(header);
  return { links: cwd === null ? links : { ...links, cwd }, readable };
}

/** The working directory a session header names: a wrapped `session_meta`'s payload, or the header itself. */
function cwdOfHeader(header: unknown): string | null {
  if (typeof header !== 'object' || header === null) return null;
  const record = header as { type?: unknown; payload?: unknown; cwd?: unknown };
  const meta = record.type === 'session_meta' && typeof record.payload === 'object' && record.payload !== null ? (record.payload as { cwd?: unknown }) : record;
  return typeof meta.cwd === 'string' ? meta.cwd : null;
}

/**
 * One group key per file (same order as `files`): the smallest session id linked to it,
 * or `path:<path>` for a file whose session id cannot be told.
 */
export function groupKeys(files: readonly InputFile[], links: readonly SessionLinks[]): string[] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) {
      if (!parent.has(root)) parent.set(root, root);
      else root = parent.get(root)!;
    }
    // Path compression: point every id on the way at the root.
    for (let at = id; at !== root; ) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const union = (a: string, b: string): void => {
    const [rootA, rootB] = [find(a), find(b)];
    // The smaller id is the root, so the group's name does not depend on the order of unions.
    if (rootA < rootB) parent.set(rootB, rootA);
    else if (rootB < rootA) parent.set(rootA, rootB);
  };
  for (const { id, parents } of links) {
    if (id === null) continue;
    find(id);
    for (const other of parents) union(id, other);
  }
  return files.map((file, index) => {
    const id = links[index]!.id;
    return id === null ? `path:${file.path}` : find(id);
  });
}

/**
 * Links read by an earlier run, for files unchanged since (`get`), and where the links read
 * now are handed (`set`, only for files whose header could be read): see known-headers.ts.
 */
export type KnownLinks = {
  get(file: InputFile): SessionLinks | undefined;
  set(file: InputFile, links: SessionLinks): void;
};

/** The links of every file, reading headers a few at a time (those `known` has are not read). */
export function readAllSessionLinks(files: readonly InputFile[], known?: KnownLinks): Promise<SessionLinks[]> {
  if (!known) return mapFewAtATime(files, readSessionLinks);
  const unknown: number[] = [];
  const links = files.map((file, index) => {
    const found = known.get(file);
    if (!found) unknown.push(index);
    return found;
  });
  return mapFewAtATime(unknown, async (index) => {
    const file = files[index]!;
    const read = await readHeaderLinks(file);
    if (read.readable) known.set(file, read.links);
    links[index] = read.links;
  }).then(() => links as SessionLinks[]);
}

/** The group key of every file (links read from the headers unless given). */
export async function readGroupKeys(files: readonly InputFile[], links?: readonly SessionLinks[]): Promise<string[]> {
  return groupKeys(files, links ?? (await readAllSessionLinks(files)));
}
