import { addMatch, noteNonAscii, type MatchContext } from './match-context.js';
import { SLACK_WEBHOOK_HOST, SLACK_WEBHOOK_PATH, URL_USERINFO_MAX } from './patterns.js';
import { findTokenAt } from './token-match.js';
import { isPlaceholder, isReference } from './value-checks.js';

/** Words that stand for a password in documentation (`postgres://user:password@host`). */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'secret']);

/** Ends the userinfo and host part of a URL: whitespace, quotes, `/ ? # \ < >` and controls. */
function isUrlAuthorityEnd(c: number): boolean {
  return c <= 0x20 || c === 0x2f || c === 0x3f || c === 0x23 || c === 0x22 || c === 0x27 || c === 0x60 || c === 0x5c || c === 0x3c || c === 0x3e;
}

/** The secret path of a Slack incoming webhook, from the `://` of its URL. */
function matchSlackWebhook(ctx: MatchContext, hostStart: number): number {
  const pathStart = hostStart + SLACK_WEBHOOK_HOST.length;
  SLACK_WEBHOOK_PATH.lastIndex = pathStart;
  if (!SLACK_WEBHOOK_PATH.test(ctx.text)) return pathStart;
  const end = SLACK_WEBHOOK_PATH.lastIndex;
  const secretStart = ctx.text.indexOf('/', pathStart) + 1;
  if (end - secretStart >= 20) addMatch(ctx, secretStart, end, 'slack_webhook');
  return end;
}

/**
 * At the `://` of a URL (`colon` is its `:`): the password of `user:password@host`, keeping
 * scheme, user and host; or the secret part of a Slack webhook. Returns the index after what
 * was read.
 */
export function matchUrl(ctx: MatchContext, colon: number): number {
  const { text } = ctx;
  const start = colon + 3;
  if (text.startsWith(SLACK_WEBHOOK_HOST, start)) return matchSlackWebhook(ctx, start);
  const stop = Math.min(text.length, start + URL_USERINFO_MAX);
  // The user has no `:` or `@`; the password runs to the last `@` (an unescaped `@` in it).
  let passColon = -1;
  let firstAt = -1;
  let at = -1;
  let end = start;
  for (; end < stop; end++) {
    const c = text.charCodeAt(end);
    if (isUrlAuthorityEnd(c)) break;
    if (c === 0x3a && passColon === -1) passColon = end;
    else if (c === 0x40) {
      if (firstAt === -1) firstAt = end;
      at = end;
    }
  }
  noteNonAscii(ctx, start, end);
  if (passColon === -1 || at <= passColon || firstAt < passColon || end === at + 1) return start;
  const password = text.slice(passColon + 1, at);
  if (isReference(password) || isPlaceholder(password) || PASSWORD_WORDS.has(password.toLowerCase())) return at;
  const token = findTokenAt(text, passColon + 1);
  addMatch(ctx, passColon + 1, at, token !== undefined && token.end === at ? token.kind : 'url_password');
  return at;
}
