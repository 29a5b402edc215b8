import { describe, expect, it } from 'vitest';
import { formatCorpusName, formatSize, parseSize } from '../../bench/corpus-spec.js';
import { readCorpusSpec } from '../../bench/generate.js';

describe('sizes', () => {
  it('parses binary units and prints the shortest exact label', () => {
    expect(parseSize('200MB')).toBe(200 * 1024 * 1024);
    expect(parseSize('2GB')).toBe(2 * 1024 ** 3);
    expect(parseSize('1.5gb')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('512K')).toBe(512 * 1024);
    expect(parseSize('1000')).toBe(1000);
    expect(() => parseSize('lots')).toThrow(/not a size/);
    expect(formatSize(parseSize('200MB'))).toBe('200MB');
    expect(formatSize(parseSize('1.5GB'))).toBe('1536MB');
    expect(formatSize(1000)).toBe('1000B');
  });

  it('names corpora after mode, size and seed', () => {
    expect(formatCorpusName(readCorpusSpec({}))).toBe('size-200MB-seed-1');
    expect(formatCorpusName(readCorpusSpec({ single: '1GB', seed: '3' }))).toBe('single-1GB-seed-3');
    expect(formatCorpusName(readCorpusSpec({}, '20MB'))).toBe('size-20MB-seed-1');
    expect(() => readCorpusSpec({ size: '1GB', single: '1GB' })).toThrow(/either/);
    expect(() => readCorpusSpec({ seed: 'x' })).toThrow(/--seed/);
  });
});
