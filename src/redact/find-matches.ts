import { matchAssignment, mayFollowSecretName } from './assignment-match.js';
import { matchCredentials } from './auth-credentials.js';
import type { MatchContext, RedactionMatch } from './match-context.js';
import { matchPrivateKey } from './private-key.js';
import { isTokenStart } from './text-chars.js';
import { getSeparatorTable, listTokenNeedles, matchNeedleToken, matchSeparatorToken } from './token-match.js';
import { matchUrl } from './url-match.js';

/** `:` starts a URL (`://`), is part of `::` or Go's `:=`, or separates a name from its value. */
function matchColon(ctx: MatchContext, hit: number): number {
  const { text } = ctx;
  const next = text.charCodeAt(hit + 1);
  if (next === 0x2f /* / */) return text.charCodeAt(hit + 2) === 0x2f ? matchUrl(ctx, hit) : hit + 1;
  if (next === 0x3a /* : */) return hit + 2;
  if (hit > 0 && text.charCodeAt(hit - 1) === 0x3a) return hit + 1;
  return matchAssignment(ctx, hit, next === 0x3d ? hit + 2 : hit + 1);
}

/** `=` separates a name from its value, unless it is part of `==`, `!=`, `<=`, `>=` or `:=`. */
function matchEquals(ctx: MatchContext, hit: number): number {
  const { text } = ctx;
  const next = text.charCodeAt(hit + 1);
  if (next === 0x3d) return hit + 2;
  const prev = hit > 0 ? text.charCodeAt(hit - 1) : 0;
  if (prev === 0x3d || prev === 0x21 || prev === 0x3c || prev === 0x3e || prev === 0x3a) return hit + 1;
  return matchAssignment(ctx, hit, next === 0x3e /* => */ ? hit + 2 : hit + 1);
}

/** A capital `B`: `-----BEGIN` of a private key, or the `Bearer ` and `Basic ` auth schemes. */
function matchCapitalB(ctx: MatchContext, hit: number): number {
  const { text } = ctx;
  if (text.startsWith('BEGIN ', hit)) return matchPrivateKey(ctx, hit);
  if (!isTokenStart(text, hit)) return hit + 1;
  if (text.startsWith('Bearer ', hit)) return Math.max(hit + 1, matchCredentials(ctx, 'bearer', hit + 7));
  if (text.startsWith('Basic ', hit)) return Math.max(hit + 1, matchCredentials(ctx, 'basic', hit + 6));
  return hit + 1;
}

/**
 * The index of the first character from `at` that is not `code`. Used after a dismissed hit of
 * `=`, `_` or `-`: the same character right after one of them is dismissed too (no secret's
 * name ends in `=`, no token prefix has `__` or `--`).
 */
function skipRepeats(text: string, at: number, code: number): number {
  let i = at;
  while (text.charCodeAt(i) === code) i++;
  return i;
}

/** skipRepeats for `:`, which stops before a `:` followed by `/`: that one may start a URL (`::/` has `://`). */
function skipColons(text: string, at: number): number {
  let i = at;
  while (text.charCodeAt(i) === 0x3a && text.charCodeAt(i + 1) !== 0x2f) i++;
  return i;
}

const UNDERSCORE = getSeparatorTable('_');
const DASH = getSeparatorTable('-');
const TOKEN_NEEDLES = listTokenNeedles();

/** No detector finds anything in less: the shortest is a password URL like `s://u:p@h`. */
const MIN_SECRET_TEXT = 9;

const ctx: MatchContext = { text: '', json: false, matches: [], privateKeyEnd: { from: Infinity, start: -1, end: -1 }, bytes: false, ambiguous: false };

/**
 * Every secret in `text`, in order and without overlaps. One `indexOf` loop per needle, each
 * calling one matcher: the needles are few, and rare or cheap to dismiss, so text without
 * secrets costs little more than the native searches. Each matcher returns where its scan
 * resumes, past everything it read, which keeps every scan linear.
 *
 * Where two detectors claim overlapping spans (a token inside an assignment, a JWT after
 * `Bearer `), the one starting first wins, and of two starting together the longer.
 */
export function findMatches(text: string, json: boolean): RedactionMatch[];
/** With `bytes`, `text` is UTF-8 read as latin1; null when only the decoded text can tell (see MatchContext.bytes). */
export function findMatches(text: string, json: boolean, bytes: true): RedactionMatch[] | null;
export function findMatches(text: string, json: boolean, bytes = false): RedactionMatch[] | null {
  if (text.length < MIN_SECRET_TEXT) return [];
  ctx.text = text;
  ctx.json = json;
  ctx.matches = [];
  ctx.privateKeyEnd.from = Infinity;
  ctx.bytes = bytes;
  ctx.ambiguous = false;
  // The common separators get a quick test in the loop: most of their hits end there. A hit
  // dismissed there also dismisses the same character repeated after it (`=====`, `-----`,
  // `::`), so the search skips the run instead of returning once per character.
  for (let i = text.indexOf('='); i !== -1; ) {
    i = text.indexOf('=', mayFollowSecretName(text, i) ? matchEquals(ctx, i) : skipRepeats(text, i + 1, 0x3d));
  }
  for (let i = text.indexOf(':'); i !== -1; ) {
    i = text.indexOf(':', mayFollowSecretName(text, i) || text.charCodeAt(i + 1) === 0x2f ? matchColon(ctx, i) : skipColons(text, i + 1));
  }
  for (let i = text.indexOf('_'); i !== -1; ) {
    i = text.indexOf('_', i > 0 && UNDERSCORE[text.charCodeAt(i - 1)] !== undefined ? matchSeparatorToken(ctx, i, UNDERSCORE) : skipRepeats(text, i + 1, 0x5f));
  }
  for (let i = text.indexOf('-'); i !== -1; ) {
    i = text.indexOf('-', i > 0 && DASH[text.charCodeAt(i - 1)] !== undefined ? matchSeparatorToken(ctx, i, DASH) : skipRepeats(text, i + 1, 0x2d));
  }
  for (const { needle, entries } of TOKEN_NEEDLES) {
    for (let i = text.indexOf(needle); i !== -1; ) i = text.indexOf(needle, matchNeedleToken(ctx, i, entries));
  }
  for (let i = text.indexOf('B'); i !== -1; ) i = text.indexOf('B', matchCapitalB(ctx, i));
  const found = ctx.matches;
  ctx.text = '';
  if (ctx.ambiguous) return null;
  return found.length <= 1 ? found : dropOverlaps(found);
}

function dropOverlaps(found: RedactionMatch[]): RedactionMatch[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RedactionMatch[] = [];
  let last = -1;
  for (const m of found) {
    if (m.start >= last) {
      kept.push(m);
      last = m.end;
    }
  }
  return kept;
}
