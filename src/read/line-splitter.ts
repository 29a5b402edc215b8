import { isUtf8 } from 'node:buffer';
import type { ByteLine, RawLine } from './raw-line.js';

const LF = 0x0a;
const CR = 0x0d;

type LineSplitterOptions = {
  /** Skip lines holding only ASCII whitespace (their line numbers still count). */
  skipBlankLines: boolean;
  /** Longer lines are not decoded: they come out as `{ text: '', oversized: true }`. */
  maxLineBytes: number;
};

/** What the splitter appends lines to: decoded text, or the lines' bytes (see ByteLine). */
type LineSink = { kind: 'text'; lines: RawLine[] } | { kind: 'bytes'; lines: ByteLine[] };

/**
 * Splits a byte stream into lines on `\n` bytes. Chunks are scanned in place; only the
 * unfinished tail of a chunk is copied, so the caller may reuse its chunk buffer as soon
 * as `push` returns. A line that spans chunks is joined once, when its newline arrives.
 * `\n` never occurs inside a multi-byte UTF-8 sequence, so splitting bytes before
 * decoding is safe.
 */
export class LineSplitter {
  readonly #skipBlankLines: boolean;
  readonly #maxLineBytes: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** The current line already passed maxLineBytes: its bytes are being dropped. */
  #discarding = false;
  #lineNumber = 0;
  /** Where the next push of the same chunk resumes, after a push stopped at its line limit. */
  #resumeAt = 0;

  constructor(options: LineSplitterOptions) {
    this.#skipBlankLines = options.skipBlankLines;
    this.#maxLineBytes = options.maxLineBytes;
  }

  /**
   * Appends the lines that `chunk` completes to `out`, at most `maxLines` of them. Returns
   * true when it stopped at that limit: push the same chunk again for the rest. (A chunk of
   * a few hundred thousand tiny lines would otherwise become as many line objects at once.)
   */
  push(chunk: Buffer, out: RawLine[], maxLines = Infinity): boolean {
    return this.#push(chunk, { kind: 'text', lines: out }, maxLines);
  }

  /**
   * push, undecoded. The lines' bytes are views into `chunk` (or into a joined copy):
   * valid until `chunk` is reused.
   */
  pushBytes(chunk: Buffer, out: ByteLine[], maxLines = Infinity): boolean {
    return this.#push(chunk, { kind: 'bytes', lines: out }, maxLines);
  }

  #push(chunk: Buffer, out: LineSink, maxLines: number): boolean {
    let start = this.#resumeAt;
    this.#resumeAt = 0;
    let newline = chunk.indexOf(LF, start);
    while (newline !== -1) {
      if (this.#pendingBytes === 0 && !this.#discarding) {
        this.#emit(chunk, start, newline, true, out);
      } else {
        this.#emitPending(chunk.subarray(start, newline), true, out);
      }
      start = newline + 1;
      if (out.lines.length >= maxLines && start < chunk.length) {
        this.#resumeAt = start;
        return true;
      }
      newline = chunk.indexOf(LF, start);
    }
    if (start < chunk.length) this.#hold(chunk.subarray(start));
    return false;
  }

  /** End of input: appends the last line if it had no newline (a write cut short). */
  finish(out: RawLine[]): void {
    if (this.#pendingBytes > 0 || this.#discarding) this.#emitPending(Buffer.alloc(0), false, { kind: 'text', lines: out });
  }

  /** finish, for pushBytes. */
  finishBytes(out: ByteLine[]): void {
    if (this.#pendingBytes > 0 || this.#discarding) this.#emitPending(Buffer.alloc(0), false, { kind: 'bytes', lines: out });
  }

  #hold(part: Buffer): void {
    if (this.#discarding) return;
    if (this.#pendingBytes + part.length > this.#maxLineBytes) {
      this.#startDiscarding();
      return;
    }
    this.#pending.push(Buffer.from(part));
    this.#pendingBytes += part.length;
  }

  #startDiscarding(): void {
    this.#discarding = true;
    this.#pending = [];
    this.#pendingBytes = 0;
  }

  #emitPending(last: Buffer, terminated: boolean, out: LineSink): void {
    if (!this.#discarding && this.#pendingBytes + last.length > this.#maxLineBytes) this.#startDiscarding();
    if (this.#discarding) {
      this.#discarding = false;
      pushOversized(out, ++this.#lineNumber, terminated);
      return;
    }
    this.#pending.push(last);
    const bytes = Buffer.concat(this.#pending, this.#pendingBytes + last.length);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#emit(bytes, 0, bytes.length, terminated, out);
  }

  #emit(bytes: Buffer, start: number, end: number, terminated: boolean, out: LineSink): void {
    const line = ++this.#lineNumber;
    if (end - start > this.#maxLineBytes) {
      pushOversized(out, line, terminated);
      return;
    }
    if (line === 1 && hasBom(bytes, start, end)) start += 3;
    if (end > start && bytes[end - 1] === CR) end -= 1;
    if (this.#skipBlankLines && isBlank(bytes, start, end)) return;
    if (out.kind === 'bytes') out.lines.push({ bytes: bytes.subarray(start, end), line, terminated });
    else out.lines.push(decodeLineBytes(bytes, start, end, line, terminated));
  }
}

function pushOversized(out: LineSink, line: number, terminated: boolean): void {
  if (out.kind === 'bytes') out.lines.push({ bytes: Buffer.alloc(0), line, terminated, oversized: true });
  else out.lines.push({ text: '', line, terminated, oversized: true });
}

/** The RawLine of a ByteLine: its text decoded exactly as the text reader does. */
export function decodeByteLine(line: ByteLine): RawLine {
  if (line.oversized) return { text: '', line: line.line, terminated: line.terminated, oversized: true };
  return decodeLineBytes(line.bytes, 0, line.bytes.length, line.line, line.terminated);
}

function decodeLineBytes(bytes: Buffer, start: number, end: number, line: number, terminated: boolean): RawLine {
  const text = bytes.toString('utf8', start, end);
  // Decoding turns bad bytes into U+FFFD; only then is the (rarer) validation worth it,
  // since a real U+FFFD in the text is valid UTF-8.
  if (text.includes('\uFFFD') && !isUtf8(bytes.subarray(start, end))) return { text, line, terminated, invalidUtf8: true };
  return { text, line, terminated };
}

function hasBom(bytes: Buffer, start: number, end: number): boolean {
  return end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf;
}

/** Space, tab, CR, vertical tab, form feed. */
function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte !== 0x20 && (byte < 0x09 || byte > 0x0d)) return false;
  }
  return true;
}
