import type { RedactionKind } from './kinds.js';

/** A span of the text to replace with the placeholder of `kind`. */
export type RedactionMatch = { start: number; end: number; kind: RedactionKind };

/** The text being redacted and what the matchers found in it so far. */
export type MatchContext = {
  text: string;
  /** JSON-escaped text: a span must not cross an unescaped `"`. */
  json: boolean;
  matches: RedactionMatch[];
  /** The last search for a private key's END line: from where, and where it was (-1: none). */
  privateKeyEnd: { from: number; start: number; end: number };
  /**
   * The text is UTF-8 bytes read as latin1 (one character per byte, see redactBytes): a
   * multi-byte character is then several characters, so a matcher that measures or judges a
   * run of characters containing one (a value's length, its character mix) could decide
   * otherwise than on the decoded text. It sets `ambiguous` instead, and the caller decodes.
   */
  bytes: boolean;
  ambiguous: boolean;
};

/**
 * Looks at one hit of its needle at `hit`, records any secret it finds there, and returns the
 * index from which the scan for that needle continues (past everything it has read, so that
 * no character is examined twice by the same scan).
 */
export type Matcher = (ctx: MatchContext, hit: number) => number;

export function addMatch(ctx: MatchContext, start: number, end: number, kind: RedactionKind): void {
  ctx.matches.push({ start, end, kind });
}

/** In a byte view, marks the scan ambiguous when the run from `start` to `end` holds a non-ASCII byte. */
export function noteNonAscii(ctx: MatchContext, start: number, end: number): void {
  if (!ctx.bytes || ctx.ambiguous) return;
  const { text } = ctx;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ctx.ambiguous = true;
      return;
    }
  }
}
