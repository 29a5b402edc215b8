/**
 * Aligning a real exec stream with ours (ported from the oracle kit's `compare-exec.mjs`, see
 * thread-event-stream.ts): a longest common subsequence on the key (event type, item type,
 * item id). Among the alignments with the most pairs it takes one with the most pairs whose
 * fields are all equal, so a reordered pair of commands does not hide an equal one.
 */
import type { ThreadEventEntry } from './thread-event-stream.js';

/** [expected index, actual index] */
export type AlignedPair = [number, number];

/** Middle parts larger than this many DP cells are aligned greedily instead. */
const MAX_DP_CELLS = 8e6;

export function haveSameKey(expected: ThreadEventEntry, actual: ThreadEventEntry): boolean {
  if (expected.type !== actual.type || expected.itemType !== actual.itemType) return false;
  if (!expected.type.startsWith('item.')) return true;
  if (!expected.ids.length && !actual.ids.length) return true;
  return expected.ids.some((id) => actual.ids.includes(id));
}

export function alignEvents(
  expected: ThreadEventEntry[],
  actual: ThreadEventEntry[],
  isEqualPair: (i: number, j: number) => boolean,
): AlignedPair[] {
  const keyEq = (i: number, j: number) => haveSameKey(expected[i] as ThreadEventEntry, actual[j] as ThreadEventEntry);
  const head: AlignedPair[] = [];
  let lo = 0;
  while (lo < expected.length && lo < actual.length && keyEq(lo, lo) && isEqualPair(lo, lo)) head.push([lo, lo++]);
  let hiE = expected.length;
  let hiA = actual.length;
  const tail: AlignedPair[] = [];
  while (hiE > lo && hiA > lo && keyEq(hiE - 1, hiA - 1) && isEqualPair(hiE - 1, hiA - 1)) tail.unshift([--hiE, --hiA]);
  const n = hiE - lo;
  const m = hiA - lo;
  let middle: AlignedPair[] = [];
  if (n && m) middle = (n + 1) * (m + 1) <= MAX_DP_CELLS ? alignByLcs(lo, n, m, keyEq, isEqualPair) : alignGreedily(lo, n, m, keyEq);
  return [...head, ...middle, ...tail];
}

function alignByLcs(
  lo: number,
  n: number,
  m: number,
  keyEq: (i: number, j: number) => boolean,
  isEqualPair: (i: number, j: number) => boolean,
): AlignedPair[] {
  // One more aligned pair outweighs any number of equal ones.
  const big = Math.min(n, m) + 1;
  const width = m + 1;
  const weights = new Map<number, number>();
  const weight = (i: number, j: number): number => {
    const key = i * width + j;
    let w = weights.get(key);
    if (w === undefined) {
      w = keyEq(lo + i, lo + j) ? big + (isEqualPair(lo + i, lo + j) ? 1 : 0) : 0;
      weights.set(key, w);
    }
    return w;
  };
  const dp = new Float64Array((n + 1) * width);
  const at = (i: number, j: number) => dp[i * width + j] as number;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const w = weight(i, j);
      const diagonal = w ? at(i + 1, j + 1) + w : 0;
      dp[i * width + j] = Math.max(diagonal, at(i + 1, j), at(i, j + 1));
    }
  }
  const pairs: AlignedPair[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const w = weight(i, j);
    if (w && at(i, j) === at(i + 1, j + 1) + w) pairs.push([lo + i++, lo + j++]);
    else if (at(i + 1, j) >= at(i, j + 1)) i++;
    else j++;
  }
  return pairs;
}

function alignGreedily(lo: number, n: number, m: number, keyEq: (i: number, j: number) => boolean): AlignedPair[] {
  const pairs: AlignedPair[] = [];
  let j = 0;
  for (let i = 0; i < n && j < m; i++) {
    for (let k = j; k < m; k++) {
      if (keyEq(lo + i, lo + k)) {
        pairs.push([lo + i, lo + k]);
        j = k + 1;
        break;
      }
    }
  }
  return pairs;
}
