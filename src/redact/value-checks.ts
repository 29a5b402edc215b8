import { PLACEHOLDER_MARKERS, type ValuePolicy } from './patterns.js';
import { countCharClasses, measureEntropy } from './value-shape.js';

/**
 * Tests on a candidate value: is it random enough to be a secret, or is it a reference, a
 * placeholder, an identifier or a path that merely sits where a secret could be.
 */

/** `${VAR}`, `$VAR`, `$(cmd)`, `%VAR%`, `{{ var }}`, `<token>`: a value that points elsewhere. */
export function isReference(value: string): boolean {
  const c = value.charCodeAt(0);
  if (c === 0x24 /* $ */ || c === 0x25 /* % */ || c === 0x3c /* < */ || value.startsWith('{{') || value.startsWith('[REDACTED:')) return true;
  return value.includes('${') || value.includes('$(');
}

/** `your-api-key-here`, `changeme`, `xxxxxxxx`, `sk-...`: a value standing in for a secret. */
export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  for (const marker of PLACEHOLDER_MARKERS) if (lower.includes(marker)) return true;
  const first = value.charCodeAt(0);
  let same = true;
  for (let i = 1; i < value.length && same; i++) same = value.charCodeAt(i) === first;
  return same;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DOTTED_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const PATH_SEGMENT = /^[\w.~-]*$/;
const EXTENSION = /\.[A-Za-z0-9]{1,8}$/;

function isUuid(value: string): boolean {
  return value.length === 36 && UUID.test(value);
}

/**
 * Code, not data: `config.apiKey`, `getToken`, `PASSWORD_FIELD`. Letters-only values count as
 * identifiers while they change case no more than once per four characters (camelCase words),
 * so a random mixed-case string is still a candidate.
 */
function looksLikeIdentifier(value: string): boolean {
  if (DOTTED_NAME.test(value)) return true;
  let switches = 0;
  let prevUpper = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const upper = c >= 0x41 && c <= 0x5a;
    if (!upper && !(c >= 0x61 && c <= 0x7a) && c !== 0x5f && c !== 0x2d) return false;
    if (c === 0x5f || c === 0x2d) continue;
    const u = upper ? 1 : 0;
    if (prevUpper !== -1 && u !== prevUpper) switches++;
    prevUpper = u;
  }
  return switches * 4 <= value.length;
}

/**
 * `src/api/client.ts`, `/home/user/.config/token.json`, `github.com/org/repo`: segments that
 * are words, numbers or names with an extension. The segments of a base64 secret with `/`
 * in it are random, not words.
 */
function looksLikePath(value: string): boolean {
  if (!value.includes('/') || value.includes('+') || value.includes('=')) return false;
  for (const segment of value.split('/')) {
    if (!PATH_SEGMENT.test(segment)) return false;
    const stem = segment.replace(EXTENSION, '');
    if (stem.length > 0 && !/^[.~]*$/.test(stem) && !/^[a-z0-9_-]{1,12}$/.test(stem) && !looksLikeIdentifier(stem)) return false;
  }
  return true;
}

/** Whether a value assigned to a secret name (or sent as a credential) is redacted. */
export function isSecretValue(value: string, policy: ValuePolicy): boolean {
  if (value.length < policy.minLength) return false;
  if (isReference(value) || isPlaceholder(value) || isUuid(value) || value.includes('://')) return false;
  if (looksLikeIdentifier(value) || looksLikePath(value)) return false;
  if (countCharClasses(value) < policy.minClasses) return false;
  return measureEntropy(value) >= policy.minEntropy;
}
