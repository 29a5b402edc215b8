import { matchCredentials } from './auth-credentials.js';
import type { RedactionKind } from './kinds.js';
import { addMatch, type MatchContext } from './match-context.js';
import {
  AUTHORIZATION_NAME_SUFFIX,
  AWS_SECRET_NAME_SUFFIX,
  NON_SECRET_KEY_NAMES,
  SECRET_NAME_SUFFIXES,
  VALUE_POLICIES,
  type ValuePolicy,
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

/** What a name ending at `end` is: the policy and kind of its value, or undefined for no secret. */
function classifyName(text: string, end: number): { policy: ValuePolicy | 'authorization'; kind: RedactionKind } | undefined {
  const words = WORDS_BY_LAST[text.charCodeAt(end - 1) | 0x20];
  if (words === undefined) return undefined;
  let word: string | undefined;
  for (let k = 0; k < words.length && word === undefined; k++) if (endsWithWord(text, end, words[k]!)) word = words[k];
  if (word === undefined) return undefined;
  let start = end;
  const stop = Math.max(0, end - MAX_NAME);
  while (start > stop && isNameCode(text.charCodeAt(start - 1))) {
    // `\nAPI_KEY=`: the escape's letter is not part of the name.
    if (isEscapeLetterAt(text, start - 1)) break;
    start--;
  }
  if (word === AUTHORIZATION_NAME_SUFFIX) return { policy: 'authorization', kind: 'bearer_token' };
  const entry = SECRET_NAME_SUFFIXES.find((s) => s.suffix === word)!;
  const bare = text.slice(start, end).toLowerCase().replace(/[-_.]/g, '');
  if (entry.suffix === 'key') {
    for (const name of NON_SECRET_KEY_NAMES) if (bare === name || (name.length > 3 && bare.endsWith(name))) return undefined;
  }
  return { policy: VALUE_POLICIES[entry.policy], kind: bare.endsWith(AWS_SECRET_NAME_SUFFIX) ? 'aws_secret_access_key' : 'secret_assignment' };
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
  if (c > 0x7a || WORDS_BY_LAST[c | 0x20] === undefined) return sepEnd;
  const name = classifyName(text, nameEnd);
  if (name === undefined) return sepEnd;

  const valueAt = skipBlanks(text, sepEnd, 8);
  const quote = quoteLengthAt(text, valueAt);
  const start = valueAt + quote;
  if (name.policy === 'authorization') return Math.max(sepEnd, matchAuthorizationValue(ctx, start));

  const stop = Math.min(text.length, start + MAX_VALUE);
  let end = start;
  if (quote > 0) {
    const q = text.charCodeAt(start - 1);
    while (end < stop) {
      const c = text.charCodeAt(end);
      if (c === q || c === 0x5c || c <= 0x20) break;
      end++;
    }
    // The value must close with the quote that opened it (`\"` with `\"`).
    if (end === stop || text.slice(end, end + quote) !== text.slice(valueAt, start)) return Math.max(end, sepEnd);
  } else {
    if (!isUnquotedValueStart(text.charCodeAt(start))) return sepEnd;
    while (end < stop && !isUnquotedValueEnd(text.charCodeAt(end))) end++;
    if (end === stop && end < text.length) return end;
    // `PASSWORD= OTHER=x`: an empty value, then another assignment. `=` ends only base64.
    let padding = end;
    while (padding > start && text.charCodeAt(padding - 1) === 0x3d) padding--;
    for (let i = start; i < padding; i++) if (text.charCodeAt(i) === 0x3d) return Math.max(start, sepEnd);
  }
  if (end === start) return Math.max(end, sepEnd);

  const token = findTokenAt(text, start);
  if (token !== undefined && token.end === end) addMatch(ctx, start, end, token.kind);
  else if (isSecretValue(text.slice(start, end), name.policy)) addMatch(ctx, start, end, name.kind);
  return end;
}
