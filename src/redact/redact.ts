import { Buffer } from 'node:buffer';
import { formatPlaceholder, type RedactionCounts } from './kinds.js';
import type { RedactionMatch } from './match-context.js';
import { findMatches } from './find-matches.js';

/**
 * Secret redaction for rollout text. Each secret found becomes `[REDACTED:<kind>]` (kinds in
 * kinds.ts, patterns in patterns.ts, versioned by PATTERN_SET_VERSION); what surrounds it
 * stays: the name, separator and quotes of an assignment (`API_KEY="[REDACTED:…]"`), the
 * scheme, user and host of a URL, the `Bearer ` of a header.
 *
 *   const counts: RedactionCounts = {};
 *   redactText(message, counts);        // decoded strings: prompts, messages, outputs
 *   redactJsonText(argumentsJson, counts); // raw JSON text, or the escaped content of a JSON string
 *
 * Both return the input itself (the same string) when nothing was found, and add what they
 * replaced to `counts` by kind; the secrets themselves are never returned or kept.
 *
 * In JSON text the result is still valid JSON: placeholders need no escaping, no span starts
 * or ends inside an escape (`\n`, `\"` separate tokens and close quoted values), and a private
 * key block, whose lines are joined by `\n` escapes there, never extends past the string it
 * is in. Decoded text gets the same escape-aware reading, since outputs often contain escaped
 * JSON or string literals.
 */
export function redactText(text: string, counts?: RedactionCounts): string {
  return applyMatches(text, findMatches(text, false), counts);
}

/** redactText for JSON text (see above): the result parses whenever the input did. */
export function redactJsonText(jsonText: string, counts?: RedactionCounts): string {
  return applyMatches(jsonText, findMatches(jsonText, true), counts);
}

/**
 * redactText (or, with `json`, redactJsonText) for UTF-8 bytes, returning the bytes themselves
 * when nothing was found. The bytes are scanned as latin1, a plain copy where a UTF-8 decode
 * costs several times more: every pattern is ASCII, so byte offsets are character offsets.
 * Where a multi-byte character sits inside a run a matcher measures, the decoded text decides.
 */
export function redactBytes(bytes: Buffer, json: boolean, counts?: RedactionCounts): Buffer {
  const view = bytes.toString('latin1');
  const matches = findMatches(view, json, true);
  if (matches === null) {
    const text = bytes.toString('utf8');
    const redacted = applyMatches(text, findMatches(text, json), counts);
    return redacted === text ? bytes : Buffer.from(redacted, 'utf8');
  }
  return matches.length === 0 ? bytes : Buffer.from(applyMatches(view, matches, counts), 'latin1');
}

function applyMatches(text: string, matches: readonly RedactionMatch[], counts: RedactionCounts | undefined): string {
  if (matches.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const { start, end, kind } of matches) {
    parts.push(text.slice(at, start), formatPlaceholder(kind));
    at = end;
    if (counts) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

export { PATTERN_SET_VERSION } from './patterns.js';
export { REDACTION_KINDS, mergeRedactionCounts, redactionCountsSchema, redactionKindSchema } from './kinds.js';
export type { RedactionCounts, RedactionKind } from './kinds.js';
