import { matchCredentials } from './auth-credentials.js';
import type { RedactionKind } from './kinds.js';
import { addMatch, noteNonAscii, type MatchContext } from './match-context.js';
import {
  AUTHORIZATION_NAME_SUFFIX,
  AWS_SECRET_NAME_SUFFIX,
  NON_SECRET_KEY_NAMES,
  SECRET_NAME_SUFFIXES,
  VALUE_POLICIES,
} from './patterns.js';
import { isEscapeLetterAt, isLetterCode, quoteLengthAt, quoteLengthBefore, skipBlanks, skipBlanksBack } from './text-chars.js';
import { findTokenAt } from './token-match.js';
import { isSecretValue } from './value-checks.js';

const MAX_NAME = 64;
const MAX_VALUE = 4096;

/** The words a secret's name ends with (lowercase), by their last letter: most names end otherwise. */
const WORDS_BY_LAST: (string[] | undefined)[] = [];
for (const word of [...SECRET_NAME_SUFFIXES.map((s) => s.suffix), AUTHORIZATION_NAME_SUFFIX].sort((a, b) => b.length - a.length)) {
  (WORDS_BY_LAST[word.charCodeAt(word.length - 1)] ??= []).push(word);
}

/**
 * Whether the word before a `=` or `:` at `sep` (past blanks and a quote) may end a secret's
 * name, by its last letter: the scans' quick test, which dismisses most separators.
 */
export function mayFollowSecretName(text: string, sep: number): boolean {
  let j = sep - 1;
  let c = text.charCodeAt(j);
  for (let blanks = 0; (c === 0x20 || c === 0x09) && blanks < 4; blanks++) c = text.charCodeAt(--j);
  if (c === 0x22 || c === 0x27) {
    c = text.charCodeAt(--j);
    while (c === 0x5c) c = text.charCodeAt(--j);
  }
  return c <= 0x7a && WORDS_BY_LAST[c | 0x20] !== undefined;
}

/** Whether the text before `end` ends with `word` (lowercase letters), in any case. */
function endsWithWord(text: string, end: number, word: string): boolean {
  const start = end - word.length;
  if (start < 0) return false;
  for (let k = 0; k < word.length; k++) if ((text.charCodeAt(start + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

function isNameCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e;
}

/** Characters that end an unquoted value: whitespace, quotes, `\`, brackets and `, ; < > | &`. */
function isUnquotedValueEnd(c: number): boolean {
  return (
    c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x60 || c === 0x5c || c === 0x2c || c === 0x3b || c === 0x28 ||
    c === 0x29 || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x3c || c === 0x3e || c === 0x7c ||
    c === 0x26 || c === 0x7f
  );
}

/** An unquoted value starts with a letter, digit or `+ / _ . ~ -` (not `$`, `#`, `*`, `!`, …). */
function isUnquotedValueStart(c: number): boolean {
  return isNameCode(c) || c === 0x2b || c === 0x2f || c === 0x7e;
}

/** The word a secret's name ending at `end` ends with, if it does (reads a few characters). */
function findNameWord(text: string, end: number): string | undefined {
  const words = WORDS_BY_LAST[text.charCodeAt(end - 1) | 0x20];
  if (words === undefined) return undefined;
  for (const word of words) if (endsWithWord(text, end, word)) return word;
  return undefined;
}

const POLICY_OF_WORD = new Map(SECRET_NAME_SUFFIXES.map((s) => [s.suffix, VALUE_POLICIES[s.policy]]));

/** The kind of secret a name ending at `end` in `word` holds, or undefined for names that hold none. */
function classifyName(text: string, end: number, word: string): RedactionKind | undefined {
  let start = end;
  const stop = Math.max(0, end - MAX_NAME);
  while (start > stop && isNameCode(text.charCodeAt(start - 1))) {
    // `\nAPI_KEY=`: the escape's letter is not part of the name.
    if (isEscapeLetterAt(text, start - 1)) break;
    start--;
  }
  const bare = text.slice(start, end).toLowerCase().replace(/[-_.]/g, '');
  if (word === 'key') {
    for (const name of NON_SECRET_KEY_NAMES) if (bare === name || (name.length > 3 && bare.endsWith(name))) return undefined;
  }
  return bare.endsWith(AWS_SECRET_NAME_SUFFIX) ? 'aws_secret_access_key' : 'secret_assignment';
}

/** `Authorization: Bearer <token>`, `"authorization": "Basic <base64>"`: the scheme, then its credentials. */
function matchAuthorizationValue(ctx: MatchContext, at: number): number {
  const { text } = ctx;
  let i = at;
  while (i < at + 8 && isLetterCode(text.charCodeAt(i))) i++;
  const scheme = text.slice(at, i).toLowerCase();
  const credentials = skipBlanks(text, i, 4);
  if (credentials === i) return at;
  if (scheme === 'bearer' || scheme === 'token') return matchCredentials(ctx, 'bearer', credentials);
  if (scheme === 'basic') return matchCredentials(ctx, 'basic', credentials);
  return at;
}

/**
 * At a `=` or `:` (`sep`, `sepEnd` after it): a value assigned to a secret's name, in env files
 * and shell (`FOO_TOKEN=…`, `export FOO_TOKEN="…"`), code (`apiKey: '…'`, `token := "…"`),
 * JSON (`"api_key": "…"`, also `\"api_key\": \"…\"` inside a JSON string), YAML and headers.
 * Name, separator and quotes stay; only the value is replaced. Returns the index after what
 * was read.
 */
export function matchAssignment(ctx: MatchContext, sep: number, sepEnd: number): number {
  const { text } = ctx;
  // Dismiss most separators on the last letter of the word before them.
  let nameEnd = sep;
  let c = text.charCodeAt(nameEnd - 1);
  if (c === 0x20 || c === 0x09) {
    nameEnd = skipBlanksBack(text, nameEnd, 4);
    c = text.charCodeAt(nameEnd - 1);
  }
  if (c === 0x22 || c === 0x27) {
    nameEnd -= quoteLengthBefore(text, nameEnd);
    c = text.charCodeAt(nameEnd - 1);
  }
  const word = findNameWord(text, nameEnd);
  if (word === undefined) return sepEnd;

  const valueAt = skipBlanks(text, sepEnd, 8);
  const quote = quoteLengthAt(text, valueAt);
  const start = valueAt + quote;
  if (word === AUTHORIZATION_NAME_SUFFIX) return Math.max(sepEnd, matchAuthorizationValue(ctx, start));
  const policy = POLICY_OF_WORD.get(word)!;

  const stop = Math.min(text.length, start + MAX_VALUE);
  let end = start;
  if (quote > 0) {
    const q = text.charCodeAt(start - 1);
    while (end < stop) {
      const c = text.charCodeAt(end);
      if (c === q || c === 0x5c || c <= 0x20) break;
      end++;
    }
    noteNonAscii(ctx, start, end);
    // The value must close with the quote that opened it (`\"` with `\"`).
    if (end === stop || text.slice(end, end + quote) !== text.slice(valueAt, start)) return Math.max(end, sepEnd);
  } else {
    if (!isUnquotedValueStart(text.charCodeAt(start))) return sepEnd;
    while (end < stop && !isUnquotedValueEnd(text.charCodeAt(end))) end++;
    noteNonAscii(ctx, start, end);
    if (end === stop && end < text.length) return end;
    // `PASSWORD= OTHER=x`: an empty value, then another assignment. `=` ends only base64.
    let padding = end;
    while (padding > start && text.charCodeAt(padding - 1) === 0x3d) padding--;
    for (let i = start; i < padding; i++) if (text.charCodeAt(i) === 0x3d) return Math.max(start, sepEnd);
  }
  // Too short for its name's policy: no need to read the whole name.
  if (end - start < policy.minLength) return Math.max(end, sepEnd);
  const kind = classifyName(text, nameEnd, word);
  if (kind === undefined) return end;

  const token = findTokenAt(text, start);
  if (token !== undefined && token.end === end) addMatch(ctx, start, end, token.kind);
  else if (isSecretValue(text.slice(start, end), policy)) addMatch(ctx, start, end, kind);
  return end;
}
