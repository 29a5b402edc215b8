/**
 * Where a line stops being JSON, found by a scan of its characters (RFC 8259, the grammar
 * JSON.parse accepts). It serves two ends:
 * - the issue message of a bad line is ours, the same on every Node version (V8 words its
 *   JSON.parse errors differently from one release to the next, and issues.jsonl must not
 *   change with the runtime);
 * - a file of mostly bad lines is checked by this scan before JSON.parse is tried: V8
 *   spends about ten microseconds building each SyntaxError, which made a file of three
 *   million bad lines take most of a minute.
 * Nesting is followed with a counter and a bit stack, never recursion, so any depth is read.
 */

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;

/** What the scan expected at a character, for the message. */
type Expected = 'a value' | 'a property name' | "':' after a property name" | "',' or '}'" | "',' or ']'" | 'the end of the line';

export type JsonSyntaxError = { at: number; expected: Expected | 'a digit' | 'a valid escape' | 'a closing quote' | 'no control character in a string' };

/** The first place `text` is not a single JSON value (blanks around it allowed), or null when it is one. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const n = text.length;
  // One bit per open container: 1 for an object, 0 for an array.
  const kinds: number[] = [];
  let depth = 0;
  let i = skipBlanks(text, 0);
  for (;;) {
    // A value starts at i.
    if (i >= n) return { at: i, expected: 'a value' };
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const isObject = c === OPEN_BRACE;
      setKind(kinds, depth, isObject);
      depth++;
      i = skipBlanks(text, i + 1);
      if (text.charCodeAt(i) === (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
        depth--;
        i++;
      } else if (isObject) {
        const key = readMember(text, i);
        if (typeof key !== 'number') return key;
        i = key;
        continue;
      } else {
        continue;
      }
    } else if (c === QUOTE) {
      const end = readString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (c === MINUS || (c >= ZERO && c <= 0x39)) {
      const end = readNumber(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else return { at: i, expected: 'a value' };

    // A value ended at i: close containers, or go on to the next element.
    for (;;) {
      i = skipBlanks(text, i);
      if (depth === 0) return i >= n ? null : { at: i, expected: 'the end of the line' };
      const isObject = getKind(kinds, depth - 1);
      const d = text.charCodeAt(i);
      if (d === COMMA) {
        i = skipBlanks(text, i + 1);
        if (isObject) {
          const key = readMember(text, i);
          if (typeof key !== 'number') return key;
          i = key;
        }
        break;
      }
      if (d === (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
        depth--;
        i++;
        continue;
      }
      return { at: i, expected: isObject ? "',' or '}'" : "',' or ']'" };
    }
  }
}

/** A property name and its colon from `i`; the index of the value after them. */
function readMember(text: string, i: number): number | JsonSyntaxError {
  if (text.charCodeAt(i) !== QUOTE) return { at: i, expected: 'a property name' };
  const end = readString(text, i);
  if (typeof end !== 'number') return end;
  const colon = skipBlanks(text, end);
  if (text.charCodeAt(colon) !== COLON) return { at: colon, expected: "':' after a property name" };
  return skipBlanks(text, colon + 1);
}

/** A string from its opening quote at `i`; the index after its closing quote. */
function readString(text: string, i: number): number | JsonSyntaxError {
  const n = text.length;
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c < SPACE) return { at: j, expected: 'no control character in a string' };
    if (c !== BACKSLASH) continue;
    const e = text.charCodeAt(++j);
    if (e === 0x75 /* u */) {
      for (let k = 1; k <= 4; k++) if (!isHex(text.charCodeAt(j + k))) return { at: j - 1, expected: 'a valid escape' };
      j += 4;
    } else if (!(e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)) {
      return { at: j - 1, expected: 'a valid escape' };
    }
  }
  return { at: n, expected: 'a closing quote' };
}

/** A number from `i`: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; the index after it. */
function readNumber(text: string, i: number): number | JsonSyntaxError {
  let j = text.charCodeAt(i) === MINUS ? i + 1 : i;
  if (text.charCodeAt(j) === ZERO) j++;
  else {
    const start = j;
    j = skipDigits(text, j);
    if (j === start) return { at: j, expected: 'a digit' };
  }
  if (text.charCodeAt(j) === DOT) {
    const start = j + 1;
    j = skipDigits(text, start);
    if (j === start) return { at: j, expected: 'a digit' };
  }
  const e = text.charCodeAt(j);
  if (e === 0x65 || e === 0x45) {
    j++;
    const sign = text.charCodeAt(j);
    if (sign === PLUS || sign === MINUS) j++;
    const start = j;
    j = skipDigits(text, start);
    if (j === start) return { at: j, expected: 'a digit' };
  }
  return j;
}

function skipDigits(text: string, i: number): number {
  let j = i;
  for (let c = text.charCodeAt(j); c >= ZERO && c <= 0x39; c = text.charCodeAt(++j));
  return j;
}

function skipBlanks(text: string, i: number): number {
  let j = i;
  for (let c = text.charCodeAt(j); c === SPACE || c === TAB || c === LF || c === CR; c = text.charCodeAt(++j));
  return j;
}

function isHex(c: number): boolean {
  return (c >= ZERO && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function setKind(kinds: number[], depth: number, isObject: boolean): void {
  const word = depth >>> 5;
  const bit = 1 << (depth & 31);
  kinds[word] = isObject ? (kinds[word] ?? 0) | bit : (kinds[word] ?? 0) & ~bit;
}

function getKind(kinds: number[], depth: number): boolean {
  return ((kinds[depth >>> 5] ?? 0) & (1 << (depth & 31))) !== 0;
}

/** The issue message for a line that is not JSON. */
export function describeJsonSyntaxError(text: string, error: JsonSyntaxError): string {
  const found = error.at >= text.length ? 'the end of the line' : describeCharacter(text, error.at);
  return `not valid JSON at character ${error.at + 1}: expected ${error.expected}, found ${found}`;
}

function describeCharacter(text: string, at: number): string {
  const code = text.codePointAt(at)!;
  if (code < SPACE || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${String.fromCodePoint(code)}'`;
}
