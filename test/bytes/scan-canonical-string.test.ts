import { describe, expect, it } from 'vitest';
import { scanCanonicalString } from '../../src/bytes/raw-json-string.js';

/** The rule, byte by byte: the closing quote's index, or -1 (raw control byte, non-canonical escape, no end). */
function scanByteByByte(bytes: Uint8Array, start: number): number {
  for (let i = start; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x22) return i;
    if (c < 0x20) return -1;
    if (c !== 0x5c) continue;
    const e = bytes[i + 1];
    if (e === 0x75) {
      const hex = String.fromCharCode(...bytes.subarray(i + 2, i + 6));
      if (!/^00[01][0-9a-f]$/.test(hex) || ['0008', '000c', '000a', '000d', '0009'].includes(hex)) return -1;
      i += 5;
    } else if (e !== undefined && '"\\bfnrt'.includes(String.fromCharCode(e))) i += 1;
    else return -1;
  }
  return -1;
}

/** A deterministic generator (no Math.random: failures must reproduce). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = ['a', 'bc', 'héllo', '€', '😀', '\\n', '\\t', '\\"', '\\\\', '\\u001b', '\\u0000', ' ', 'xyz1234', '\\/', '\\u0041', '\\u000a', '\\u001B', '\t', '\u0001', '"', '\\', '\\x', '\x7f', '\u0080'];

describe('scanCanonicalString (word-at-a-time)', () => {
  it('agrees with the byte-by-byte rule on random strings, at every start offset', () => {
    const random = createRandom(7);
    let found = 0;
    let rejected = 0;
    for (let round = 0; round < 3000; round++) {
      const parts: string[] = [];
      const count = 1 + Math.floor(random() * 40);
      for (let k = 0; k < count; k++) {
        // Mostly canonical pieces, so many strings scan to their end.
        const index = Math.floor(random() * (random() < 0.9 ? 14 : PIECES.length));
        parts.push(PIECES[index]!);
      }
      const tail = random() < 0.8 ? '"rest' : '';
      const bytes = Buffer.from(`${parts.join('')}${tail}`, 'utf8');
      for (let start = 0; start < Math.min(bytes.length, 6); start++) {
        const expected = scanByteByByte(bytes, start);
        expect(scanCanonicalString(bytes, start), `${bytes.toString('utf8')} from ${start}`).toBe(expected);
        if (expected === -1) rejected++;
        else found++;
      }
    }
    expect(found).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(1000);
  });

  it('handles a buffer that is a view into a larger one at an odd offset', () => {
    const backing = Buffer.from('xxx"0123456789abcdef\\n0123456789"tail');
    const view = backing.subarray(3);
    expect(scanCanonicalString(view, 1)).toBe(view.indexOf('"tail'));
    expect(scanCanonicalString(backing.subarray(5, 12), 0)).toBe(-1);
  });

  it('finds a special byte at each position of a word', () => {
    for (let at = 0; at < 12; at++) {
      const text = `${'a'.repeat(at)}"${'b'.repeat(8)}`;
      expect(scanCanonicalString(Buffer.from(text), 0)).toBe(at);
      const control = Buffer.from(`${'a'.repeat(at)}\u0001${'b'.repeat(8)}"`);
      expect(scanCanonicalString(control, 0)).toBe(-1);
    }
  });
});
