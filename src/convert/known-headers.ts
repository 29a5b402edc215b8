/**
 * The header facts an `--incremental` run keeps between runs: what the duplicate and
 * lineage pre-pass read from each input's first line (its SessionLinks), with the size,
 * mtime and ctime the file had when discovery looked at it, before the header was read.
 * A file that still has all three is the file that was read (the same check that reuses
 * its conversion, conversion-cache.ts), so its header is not read again. The ctime is what
 * catches a header edited in place with the size kept and the mtime set back (`touch -d`,
 * `rsync -t`, an editor that keeps times): setting times changes it, and nothing can set
 * it back. A file whose header could not be read is read again next time, and facts kept
 * by another tool version are not used: how a header is read may have changed.
 */
import type { InputFile } from '../read/input-file.js';
import { isSameFileState } from './input-fingerprint.js';
import type { KnownLinks, SessionLinks } from './session-groups.js';

export type HeaderFacts = { path: string; size: number; mtimeMs: number; ctimeMs: number; links: SessionLinks };

/** The facts as the state keeps them: the tool that read them, and one per input by path. */
export type SavedHeaders = { tool: string; files: HeaderFacts[] };

export class KnownHeaders implements KnownLinks {
  private readonly previous: ReadonlyMap<string, HeaderFacts>;
  /** The facts of this run's inputs, taken over or read now: what the next run is given. */
  private readonly current = new Map<string, HeaderFacts>();
  /** Headers read by this run and kept for the next (none were known, or their file changed). */
  read = 0;

  constructor(
    private readonly tool: string,
    saved: SavedHeaders | undefined,
  ) {
    this.previous = new Map(saved?.tool === tool && Array.isArray(saved.files) ? saved.files.map((facts) => [facts.path, facts]) : []);
  }

  get(file: InputFile): SessionLinks | undefined {
    const known = this.previous.get(file.path);
    if (!known || !isSameFileState(known, file)) return undefined;
    this.current.set(file.path, known);
    return known.links;
  }

  set(file: InputFile, links: SessionLinks): void {
    const { path, size, mtimeMs, ctimeMs } = file;
    // Times unknown (an input discovery did not find): nothing to tell its next version by.
    if (mtimeMs === undefined || ctimeMs === undefined) return;
    this.current.set(path, { path, size, mtimeMs, ctimeMs, links });
    this.read += 1;
  }

  save(): SavedHeaders {
    return { tool: this.tool, files: [...this.current.values()] };
  }
}
