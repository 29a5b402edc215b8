import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../../src/write/byte-size.js';

describe('parseByteSize', () => {
  it.each([
    ['1024', 1024],
    ['500k', 500_000],
    ['500 KB', 500_000],
    ['256MB', 256_000_000],
    ['256mb', 256_000_000],
    ['1.5GB', 1_500_000_000],
    ['1GiB', 1_073_741_824],
    ['64MiB', 67_108_864],
    ['2tb', 2e12],
    ['10b', 10],
  ])('parses %s as %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', 'MB', '-5MB', '12 parsecs', '1e3', '0', '0.1b', '5 M B'])('rejects %j with a hint', (text) => {
    expect(() => parseByteSize(text)).toThrow(/invalid size .*(256MB|at least)/);
  });
});
