import { addMatch, noteNonAscii, type MatchContext, type Matcher } from './match-context.js';
import { PRIVATE_KEY_BEGIN, PRIVATE_KEY_BODY, PRIVATE_KEY_END, PRIVATE_KEY_MAX_LENGTH } from './patterns.js';
import { isEscapedAt } from './text-chars.js';

const DASHES = '-----';

/** The END line after `from`, reusing the previous search while it still answers (keeps many BEGINs linear). */
function findEnd(ctx: MatchContext, from: number): { start: number; end: number } | undefined {
  const cached = ctx.privateKeyEnd;
  if (!(cached.from <= from && (cached.start === -1 || cached.start >= from))) {
    PRIVATE_KEY_END.lastIndex = from;
    const found = PRIVATE_KEY_END.exec(ctx.text);
    ctx.privateKeyEnd = found ? { from, start: found.index, end: PRIVATE_KEY_END.lastIndex } : { from, start: -1, end: -1 };
  }
  const { start, end } = ctx.privateKeyEnd;
  return start === -1 ? undefined : { start, end };
}

/** Whether JSON text between the indexes has an unescaped `"`, which ends the string the block is in. */
function crossesJsonString(text: string, from: number, to: number): boolean {
  for (let q = text.indexOf('"', from); q !== -1 && q < to; q = text.indexOf('"', q + 1)) {
    if (!isEscapedAt(text, q)) return true;
  }
  return false;
}

/**
 * At the `BEGIN` of `-----BEGIN … PRIVATE KEY-----`: the whole block through its END line,
 * with the line breaks (real, or `\n` escapes in JSON text) inside it. Without an END line
 * (output cut short) the header and the base64 lines after it.
 */
export const matchPrivateKey: Matcher = (ctx, hit) => {
  const { text } = ctx;
  const start = hit - DASHES.length;
  if (start < 0 || !text.startsWith(DASHES, start)) return hit + 1;
  PRIVATE_KEY_BEGIN.lastIndex = start;
  if (!PRIVATE_KEY_BEGIN.test(text)) return hit + 1;
  const headerEnd = PRIVATE_KEY_BEGIN.lastIndex;
  const end = findEnd(ctx, headerEnd);
  if (end !== undefined) noteNonAscii(ctx, headerEnd, end.start);
  if (end !== undefined && end.end - start <= PRIVATE_KEY_MAX_LENGTH && !(ctx.json && crossesJsonString(text, headerEnd, end.start))) {
    addMatch(ctx, start, end.end, 'private_key');
    return end.end;
  }
  PRIVATE_KEY_BODY.lastIndex = headerEnd;
  PRIVATE_KEY_BODY.test(text);
  const bodyEnd = PRIVATE_KEY_BODY.lastIndex;
  addMatch(ctx, start, bodyEnd, 'private_key');
  return Math.max(bodyEnd, hit + 1);
};
