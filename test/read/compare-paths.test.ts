import { describe, expect, it } from 'vitest';
import { comparePaths } from '../../src/read/compare-paths.js';

describe('comparePaths', () => {
  it('orders by code point, like UTF-8 bytes, not by UTF-16 unit', () => {
    const paths = ['b', 'a/😀', 'a/\uFF5E', 'a/z', 'a', 'A', 'a/é'];
    const sorted = [...paths].sort(comparePaths);
    expect(sorted).toEqual(['A', 'a', 'a/z', 'a/é', 'a/\uFF5E', 'a/😀', 'b']);
    const byBytes = [...paths].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(sorted).toEqual(byBytes);
    // the default sort puts the emoji (a surrogate pair) before U+FF5E
    expect([...paths].sort()).not.toEqual(sorted);
  });

  it('puts a prefix first and says 0 only for equal strings', () => {
    expect(comparePaths('a', 'ab')).toBeLessThan(0);
    expect(comparePaths('ab', 'a')).toBeGreaterThan(0);
    expect(comparePaths('x/y', 'x/y')).toBe(0);
  });
});
