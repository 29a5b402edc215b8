/**
 * Character tests shared by the matchers. Redaction runs on decoded text and on JSON-escaped
 * text alike, so both must read `\n`, `\t` or `\"` as an escape (a separator, or a quote)
 * and never as the letter after the backslash: `"a\nsk-…"` has a token after a line break.
 */

const BACKSLASH = 0x5c;

/** [A-Za-z0-9_]: a secret glued to one of these is part of a longer identifier. */
function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

export function isLetterCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** Whether the character at `at` is preceded by an odd run of backslashes (is escaped). */
export function isEscapedAt(text: string, at: number): boolean {
  let n = 0;
  for (let j = at - 1; j >= 0 && text.charCodeAt(j) === BACKSLASH; j--) n++;
  return (n & 1) === 1;
}

/**
 * Whether the letter at `at` is an escape's (`\n`, `\t`): it follows a backslash. Any run of
 * backslashes counts, since in JSON encoded twice a line break is `\\n`; a real backslash
 * before a word (`C:\\new`) only makes that word start a token more readily.
 */
export function isEscapeLetterAt(text: string, at: number): boolean {
  return at > 0 && text.charCodeAt(at - 1) === BACKSLASH && isLetterCode(text.charCodeAt(at));
}

/** Whether a token may start at `at`: nothing word-like before it other than an escape's letter. */
export function isTokenStart(text: string, at: number): boolean {
  if (at === 0) return true;
  return !isWordCode(text.charCodeAt(at - 1)) || isEscapeLetterAt(text, at - 1);
}

/** Whether a token ending before `at` ends there: the next character is not word-like. */
export function isTokenEnd(text: string, at: number): boolean {
  return at >= text.length || !isWordCode(text.charCodeAt(at));
}

/**
 * The length of a quote starting at `at`: `"` or `'`, or the same after a run of backslashes
 * (`\"` inside a JSON string, `\\\"` one level deeper); 0 when there is none.
 */
export function quoteLengthAt(text: string, at: number): number {
  let j = at;
  while (text.charCodeAt(j) === BACKSLASH) j++;
  const c = text.charCodeAt(j);
  if (c !== 0x22 && c !== 0x27) return 0;
  return (j - at) % 2 === 1 ? j - at + 1 : j === at ? 1 : 0;
}

/** The length of a quote ending just before `end` (see quoteLengthAt); 0 when there is none. */
export function quoteLengthBefore(text: string, end: number): number {
  const c = text.charCodeAt(end - 1);
  if (c !== 0x22 && c !== 0x27) return 0;
  let n = 0;
  for (let j = end - 2; j >= 0 && text.charCodeAt(j) === BACKSLASH; j--) n++;
  return (n & 1) === 1 ? n + 1 : 1;
}

/** Index after the spaces and tabs from `at`, at most `max` of them. */
export function skipBlanks(text: string, at: number, max: number): number {
  let j = at;
  const stop = Math.min(text.length, at + max);
  while (j < stop) {
    const c = text.charCodeAt(j);
    if (c !== 0x20 && c !== 0x09) break;
    j++;
  }
  return j;
}

/** Index of the first of the spaces and tabs ending at `end`, at most `max` of them. */
export function skipBlanksBack(text: string, end: number, max: number): number {
  let j = end;
  const stop = Math.max(0, end - max);
  while (j > stop) {
    const c = text.charCodeAt(j - 1);
    if (c !== 0x20 && c !== 0x09) break;
    j--;
  }
  return j;
}
