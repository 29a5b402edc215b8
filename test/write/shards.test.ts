import { describe, expect, it } from 'vitest';
import { shouldStartNewShard, type ShardLimits } from '../../src/write/shards.js';

/** Record lengths from a fixed generator (xorshift): 2 KB to 2 MB, log-uniform-ish, like sessions. */
function recordLengths(count: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => Math.round(2000 * 1000 ** next()));
}

/** The index of each record that starts a shard (but the first), and the shards' bytes. */
function cut(lengths: readonly number[], limits: ShardLimits): { starts: number[]; sizes: number[] } {
  const starts: number[] = [];
  const sizes: number[] = [];
  let fill = { rows: 0, bytes: 0 };
  lengths.forEach((bytes, index) => {
    if (shouldStartNewShard(fill, bytes, limits)) {
      starts.push(index);
      sizes.push(fill.bytes);
      fill = { rows: 0, bytes: 0 };
    }
    fill = { rows: fill.rows + 1, bytes: fill.bytes + bytes };
  });
  sizes.push(fill.bytes);
  return { starts, sizes };
}

describe('shouldStartNewShard', () => {
  const limits = { maxBytes: 50_000_000 };

  it('never leaves a shard empty, and cuts where a limit would be passed', () => {
    expect(shouldStartNewShard({ rows: 0, bytes: 0 }, 10 * limits.maxBytes, limits)).toBe(false);
    expect(shouldStartNewShard({ rows: 1, bytes: 10 }, limits.maxBytes, limits)).toBe(true);
    expect(shouldStartNewShard({ rows: 3, bytes: 10 }, 10, { maxBytes: 1000, maxRows: 3 })).toBe(true);
    expect(shouldStartNewShard({ rows: 2, bytes: 10 }, 10, { maxBytes: 1000, maxRows: 3 })).toBe(false);
  });

  it('cuts by content from half the limit on: shards hold 0.5 to 1 x the limit, about 0.62 on average', () => {
    const { sizes } = cut(recordLengths(20_000, 7), limits);
    const full = sizes.slice(0, -1);
    expect(full.length).toBeGreaterThan(100);
    for (const size of full) {
      expect(size).toBeGreaterThanOrEqual(limits.maxBytes / 2);
      expect(size).toBeLessThanOrEqual(limits.maxBytes);
    }
    const mean = full.reduce((sum, size) => sum + size, 0) / full.length;
    expect(mean / limits.maxBytes).toBeGreaterThan(0.57);
    expect(mean / limits.maxBytes).toBeLessThan(0.67);
  });

  it('keeps every later boundary when the first records grow (a greedy cut by size moved them all)', () => {
    const lengths = recordLengths(2_000, 11);
    const before = cut(lengths, limits).starts;
    expect(before.length).toBeGreaterThan(10);
    const grown = lengths.map((bytes, index) => (index < 5 ? bytes + 100_000 : bytes));
    expect(cut(grown, limits).starts).toEqual(before);
  });

  it('depends on the records alone: the same lengths cut in the same places', () => {
    const lengths = recordLengths(3_000, 3);
    expect(cut(lengths, limits)).toEqual(cut([...lengths], limits));
  });
});
