import { Buffer } from 'node:buffer';
import { addMatch, type MatchContext } from './match-context.js';
import { BASIC_CREDENTIALS, BEARER_CREDENTIALS, VALUE_POLICIES } from './patterns.js';
import { findTokenAt } from './token-match.js';
import { isSecretValue } from './value-checks.js';

type AuthScheme = 'bearer' | 'basic';

/** Base64 of `user:password`: decodes to printable ASCII with a colon after a non-empty user. */
function isBasicCredentials(value: string): boolean {
  if (value.length < 8 || value.length % 4 === 1) return false;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  if (decoded.indexOf(':') < 1) return false;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * The credentials of an auth scheme starting at `at` (after `Bearer `): the token alone is
 * replaced, named by its own shape when it has one (`Bearer sk-…` is an openai_api_key).
 * Returns the index after what was read.
 */
export function matchCredentials(ctx: MatchContext, scheme: AuthScheme, at: number): number {
  const { text } = ctx;
  const run = scheme === 'basic' ? BASIC_CREDENTIALS : BEARER_CREDENTIALS;
  run.lastIndex = at;
  run.test(text);
  const end = run.lastIndex;
  if (end === at) return at;
  const token = findTokenAt(text, at);
  if (token !== undefined && token.end === end) {
    addMatch(ctx, at, end, token.kind);
  } else if (scheme === 'basic') {
    if (isBasicCredentials(text.slice(at, end))) addMatch(ctx, at, end, 'basic_auth');
  } else if (isSecretValue(text.slice(at, end), VALUE_POLICIES.bearer)) {
    addMatch(ctx, at, end, 'bearer_token');
  }
  return end;
}
