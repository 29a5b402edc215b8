import { findAwsSecretAfter } from './aws-pair.js';
import type { RedactionKind } from './kinds.js';
import { addMatch, type MatchContext } from './match-context.js';
import { TOKEN_PATTERNS, type TokenPattern } from './patterns.js';
import { isTokenEnd, isTokenStart } from './text-chars.js';

/** One prefix of a pattern, and where its needle sits in it. */
type PrefixEntry = { pattern: TokenPattern; prefix: string; offset: number };

/** Where a token tried at a prefix ends, or where the run that was rejected ends. */
type TokenResult = { kind: RedactionKind; end: number } | { kind: undefined; end: number };

const SEPARATORS = ['_', '-'] as const;

/**
 * Prefixes found by a separator, by the separator and the character before it: a `-` after
 * `k` can start `sk-ant-` or `sk-`, a `-` after most letters starts nothing.
 */
const bySeparator = new Map<string, (PrefixEntry[] | undefined)[]>();
/** Prefixes without a separator, each found by its own needle. */
const byNeedle = new Map<string, PrefixEntry[]>();

for (const pattern of TOKEN_PATTERNS) {
  for (const prefix of pattern.prefixes) {
    const sepAt = Math.min(...SEPARATORS.map((s) => prefix.indexOf(s)).filter((at) => at > 0));
    if (Number.isFinite(sepAt)) {
      const table = bySeparator.get(prefix[sepAt]!) ?? [];
      bySeparator.set(prefix[sepAt]!, table);
      const prev = prefix.charCodeAt(sepAt - 1);
      (table[prev] ??= []).push({ pattern, prefix, offset: sepAt });
    } else {
      const needle = pattern.needle ?? prefix;
      const list = byNeedle.get(needle) ?? [];
      byNeedle.set(needle, list);
      list.push({ pattern, prefix, offset: prefix.indexOf(needle) });
    }
  }
}

/** Tries one pattern whose prefix is at `start`. */
function tryToken(text: string, start: number, entry: PrefixEntry): TokenResult {
  const { pattern, prefix } = entry;
  const bodyStart = start + prefix.length;
  pattern.body.lastIndex = bodyStart;
  pattern.body.test(text);
  const runEnd = pattern.body.lastIndex;
  let end = runEnd;
  if (pattern.trimDots) while (end > bodyStart && text.charCodeAt(end - 1) === 0x2e) end--;
  const length = end - bodyStart;
  if (length < pattern.minBody || length > pattern.maxBody || !isTokenEnd(text, end)) return { kind: undefined, end: runEnd };
  if (pattern.check && !pattern.check(text.slice(bodyStart, end))) return { kind: undefined, end: runEnd };
  return { kind: pattern.kind, end };
}

/** Tries every prefix in `entries` that starts at `hit - offset`; the first token found wins. */
function tryEntries(ctx: MatchContext, hit: number, entries: readonly PrefixEntry[]): number {
  const { text } = ctx;
  let resume = hit + 1;
  for (const entry of entries) {
    const start = hit - entry.offset;
    if (start < 0 || !text.startsWith(entry.prefix, start) || !isTokenStart(text, start)) continue;
    const result = tryToken(text, start, entry);
    if (result.kind !== undefined) {
      addMatch(ctx, start, result.end, result.kind);
      if (result.kind === 'aws_access_key_id') {
        const secret = findAwsSecretAfter(text, result.end);
        if (secret !== undefined) addMatch(ctx, secret.start, secret.end, 'aws_secret_access_key');
      }
      return result.end;
    }
    if (result.end > resume) resume = result.end;
  }
  return resume;
}

/** Prefixes found by a separator, indexed by the character before it (see bySeparator). */
type SeparatorTable = readonly (readonly PrefixEntry[] | undefined)[];

/** The prefix table of `_` or `-`, which end the first part of most prefixes. */
export function getSeparatorTable(separator: (typeof SEPARATORS)[number]): SeparatorTable {
  return bySeparator.get(separator) ?? [];
}

/** At a hit of a separator: the tokens whose prefix has it there. */
export function matchSeparatorToken(ctx: MatchContext, hit: number, table: SeparatorTable): number {
  const entries = hit > 0 ? table[ctx.text.charCodeAt(hit - 1)] : undefined;
  return entries === undefined ? hit + 1 : tryEntries(ctx, hit, entries);
}

/** The needles of prefixes without a separator, with the prefixes each one finds. */
export function listTokenNeedles(): { needle: string; entries: readonly PrefixEntry[] }[] {
  return [...byNeedle].map(([needle, entries]) => ({ needle, entries }));
}

/** At a hit of a needle: the tokens whose prefix has it there. */
export function matchNeedleToken(ctx: MatchContext, hit: number, entries: readonly PrefixEntry[]): number {
  return tryEntries(ctx, hit, entries);
}

/** The token that starts exactly at `start`, if any (to name a value found by other means). */
export function findTokenAt(text: string, start: number): { kind: RedactionKind; end: number } | undefined {
  for (const pattern of TOKEN_PATTERNS) {
    for (const prefix of pattern.prefixes) {
      if (!text.startsWith(prefix, start)) continue;
      const result = tryToken(text, start, { pattern, prefix, offset: 0 });
      if (result.kind !== undefined) return { kind: result.kind, end: result.end };
    }
  }
  return undefined;
}
