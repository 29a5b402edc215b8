/**
 * The raw tool-output fast path must never change a byte of the output: a string is
 * only kept raw when writing its text back is exactly what JSON.stringify would
 * write, and every other case falls back to ordinary decoding.
 */
import { describe, expect, it } from 'vitest';
import { decodeRawJsonString, scanCanonicalString } from '../../src/bytes/raw-json-string.js';

/** The raw text of `"<json>"`, scanned from just after its opening quote. */
function scan(json: string): number {
  return scanCanonicalString(Buffer.from(`"${json}"`), 1);
}

const TRICKY_STRINGS = [
  '',
  'plain ascii',
  'line\nbreak\ttab\r\nwindows',
  'quote " and backslash \\ and both \\"',
  'controls \u0000 \u0001 \u001b[31mred\u001b[0m \u007f \b \f',
  'unicode üñí 日本語 😀 e\u0301 \u2028 \u2029',
  'ends with backslash \\',
  '\\nOutput:\\n is not a marker here',
  'Exit code: 0\nWall time: 0.1 seconds\nOutput:\nhello\n',
];

describe('scanCanonicalString', () => {
  it('accepts exactly what JSON.stringify writes, and finds the closing quote', () => {
    for (const value of TRICKY_STRINGS) {
      const json = JSON.stringify(value).slice(1, -1);
      expect(scan(json), value).toBe(Buffer.byteLength(json) + 1);
    }
  });

  it('rejects escapes JSON.stringify never writes, raw control characters and unterminated strings', () => {
    for (const json of ['a\\/b', '\\u0041', '\\u001B', '\\u000a', '\\ud83d\\ude00', '\\x41', 'tab\there', 'nul\u0000here']) {
      expect(scan(json), json).toBe(-1);
    }
    expect(scanCanonicalString(Buffer.from('"unterminated'), 1)).toBe(-1);
    expect(scanCanonicalString(Buffer.from('"ends in escape\\'), 1)).toBe(-1);
  });
});

describe('decodeRawJsonString', () => {
  const raw = (text: string) => ({ json: Buffer.from(JSON.stringify(text).slice(1, -1)) });

  it('round-trips through decodeRawJsonString', () => {
    for (const value of TRICKY_STRINGS) expect(decodeRawJsonString(raw(value))).toBe(value);
  });
});
