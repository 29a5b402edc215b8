/**
 * An `--incremental` rebuild writes the whole dataset again, but most of its files come out
 * byte for byte as the previous build wrote them (a JSONL shard whose sessions did not
 * change, the file of an unchanged session). A file written with a reference, the
 * previous build's file that it may turn out equal to, compares its bytes with the
 * reference instead of writing and hashing them; if every byte matches, the reference
 * itself is put in place (a hard link) with the SHA-256 its manifest gave. At the first
 * difference the matched prefix is copied from the reference and writing goes on as usual,
 * so the result is always the bytes a clean build writes.
 */
import { closeSync, openSync } from 'node:fs';
import { readAtSync } from '../read/read-at.js';

/** A file of the dataset being replaced: where it is, and what its manifest says of it. */
export type ReferenceFile = {
  path: string;
  bytes: number;
  sha256: string;
  /** Called when a new file is put in place as this one, unchanged. */
  kept?: () => void;
};

/** A file of the dataset being replaced as its manifest lists it; `reference` only when it can be trusted to hold that. */
export type PreviousFile = { name: string; rows: number | null; bytes: number; reference: ReferenceFile | undefined };

/**
 * The files of the dataset being replaced, by their path in the dataset: those a file of the
 * new one may be compared with, and (no reference) those that cannot be trusted to hold what
 * the manifest says; `kept` counts the files put in place unchanged.
 */
export class PreviousFiles {
  kept = 0;
  private readonly files: ReadonlyMap<string, PreviousFile>;

  constructor(files: Iterable<PreviousFile>) {
    const kept = (): void => void (this.kept += 1);
    this.files = new Map([...files].map((file) => [file.name, { ...file, reference: file.reference && { ...file.reference, kept } }]));
  }

  get(name: string): ReferenceFile | undefined {
    return this.files.get(name)?.reference;
  }

  /** The previous build's shards that `isShard` recognizes, by shard index (their names sort by index). */
  shards(isShard: (name: string) => boolean): PreviousFile[] {
    return [...this.files.keys()].filter(isShard).sort().map((name) => this.files.get(name)!);
  }
}

/** The reference is read in blocks of this size: writes come in pieces of a few hundred bytes. */
const BLOCK_BYTES = 1 << 20;

/** Compares what is written with a reference file, from its start. */
export class ReferenceMatch {
  /** Bytes of the reference matched so far. */
  matched = 0;
  private fd: number | undefined;
  /** The reference's bytes from `blockStart` on (`blockLength` of them); no larger than the file (a session's file is small). */
  private readonly block: Buffer;
  private blockStart = 0;
  private blockLength = 0;

  private constructor(readonly reference: ReferenceFile, fd: number) {
    this.fd = fd;
    this.block = Buffer.allocUnsafe(Math.max(1, Math.min(BLOCK_BYTES, reference.bytes)));
  }

  /**
   * Null when the reference cannot be opened (it is then simply not used). `matched`: bytes
   * known to match already (a whole file taken in place of sessions known to be the same).
   */
  static open(reference: ReferenceFile, matched = 0): ReferenceMatch | null {
    let match: ReferenceMatch;
    try {
      match = new ReferenceMatch(reference, openSync(reference.path, 'r'));
    } catch {
      return null;
    }
    match.matched = matched;
    return match;
  }

  /** Whether `bytes` are the reference's next bytes (then they count as matched). */
  consume(bytes: Buffer): boolean {
    if (this.matched + bytes.byteLength > this.reference.bytes) return false;
    let position = this.matched;
    for (let done = 0; done < bytes.byteLength; ) {
      if (position >= this.blockStart + this.blockLength && !this.readBlock(position)) return false;
      const from = position - this.blockStart;
      const length = Math.min(bytes.byteLength - done, this.blockLength - from);
      if (bytes.compare(this.block, from, from + length, done, done + length) !== 0) return false;
      done += length;
      position += length;
    }
    this.matched = position;
    return true;
  }

  /** Whether the whole reference has been matched. */
  get complete(): boolean {
    return this.matched === this.reference.bytes;
  }

  /** Hands the matched prefix over in blocks; false when the reference can no longer be read. */
  copyMatched(append: (chunk: Buffer) => void): boolean {
    for (let at = 0; at < this.matched; ) {
      if (!this.readBlock(at)) return false;
      const length = Math.min(this.blockLength, this.matched - at);
      append(this.block.subarray(0, length));
      at += length;
    }
    return true;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Reads the block at `position` (up to BLOCK_BYTES, less at the end); false if nothing is there. */
  private readBlock(position: number): boolean {
    if (this.fd === undefined) return false;
    const length = Math.min(this.block.length, this.reference.bytes - position);
    let got: number;
    try {
      got = readAtSync(this.fd, this.block, length, position);
    } catch {
      return false;
    }
    this.blockStart = position;
    this.blockLength = got;
    return got > 0;
  }
}

/** Calls `read` with the file open (closed after); `failed` when it cannot be opened or reading throws. */
function readOpenFile<T>(filePath: string, failed: T, read: (fd: number) => T): T {
  let fd: number;
  try {
    fd = openSync(filePath, 'r');
  } catch {
    return failed;
  }
  try {
    return read(fd);
  } catch {
    return failed;
  } finally {
    closeSync(fd);
  }
}

/** Where each line of the open file ends (after its newline), in order, reading at most `limit` bytes. */
function* lineEnds(fd: number, limit = Number.POSITIVE_INFINITY): Generator<number> {
  const block = Buffer.allocUnsafe(BLOCK_BYTES);
  for (let at = 0; at < limit; ) {
    const got = readAtSync(fd, block, Math.min(BLOCK_BYTES, limit - at), at);
    if (got === 0) return;
    const read = block.subarray(0, got);
    for (let newline = read.indexOf(0x0a); newline !== -1; newline = read.indexOf(0x0a, newline + 1)) yield at + newline + 1;
    at += got;
  }
}

/** The length of a file's first line, its newline included; null when it cannot be read or has none. */
export function readFirstLineBytes(filePath: string): number | null {
  return readLeadingLinesBytes(filePath, 1);
}

/** The length of a file's first `lines` lines, their newlines included; null when it cannot be read or has fewer. */
export function readLeadingLinesBytes(filePath: string, lines: number): number | null {
  return readOpenFile(filePath, null, (fd) => {
    let left = lines;
    for (const end of lineEnds(fd)) if (--left === 0) return end;
    return null;
  });
}

/**
 * Where a file's lines from line `from` (0-based) start, and each one's length, newline
 * included; null when the file cannot be read, is not `bytes` long, or does not end with a
 * newline after more than `from` lines.
 */
export function readTrailingLineLengths(filePath: string, from: number, bytes: number): { start: number; lengths: number[] } | null {
  return readOpenFile(filePath, null, (fd) => {
    const lengths: number[] = [];
    let line = 0;
    let lineStart = 0;
    let start = -1;
    for (const end of lineEnds(fd, bytes)) {
      if (line === from) start = lineStart;
      if (line >= from) lengths.push(end - lineStart);
      line += 1;
      lineStart = end;
    }
    const longer = readAtSync(fd, Buffer.allocUnsafe(1), 1, bytes) !== 0;
    return lineStart !== bytes || start === -1 || longer ? null : { start, lengths };
  });
}

/**
 * Hands a file's bytes from `start` to `end` to `write` in blocks, one buffer reused for
 * all (`write` is done with each when it returns); false when the file no longer holds them.
 */
export async function copyFileRange(filePath: string, start: number, end: number, write: (chunk: Buffer) => Promise<void>): Promise<boolean> {
  let fd: number;
  try {
    fd = openSync(filePath, 'r');
  } catch {
    return false;
  }
  try {
    const block = Buffer.allocUnsafe(Math.max(1, Math.min(BLOCK_BYTES, end - start)));
    for (let at = start; at < end; ) {
      const got = readAtSync(fd, block, Math.min(block.length, end - at), at);
      if (got === 0) return false;
      await write(block.subarray(0, got));
      at += got;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}
