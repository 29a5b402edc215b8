import { describe, expect, it } from 'vitest';
import { writeJsonStringBytes } from '../../src/write/json-string-bytes.js';

/** The UTF-8 bytes writeJsonStringBytes makes of escaped JSON string text. */
function unescape(jsonText: string): Buffer {
  const json = Buffer.from(jsonText);
  const target = Buffer.alloc(json.length + 8);
  const written = writeJsonStringBytes(json, target, 3);
  return target.subarray(3, 3 + written);
}

describe('writeJsonStringBytes', () => {
  it('decodes what JSON.stringify writes, byte for byte as Buffer.from encodes the string', () => {
    const strings = [
      '',
      'plain ascii',
      'tabs\tand\nnewlines\r\n and "quotes" and \\ backslashes',
      'controls \u0000\u0001\u001f\u007f \b\f',
      'é ü ✓ 😀 中文',
      'x'.repeat(300) + '\n' + 'y'.repeat(10),
    ];
    for (const value of strings) {
      expect(unescape(JSON.stringify(value).slice(1, -1)).equals(Buffer.from(value)), value).toBe(true);
    }
  });

  it('decodes at every alignment of the text and of the target, with escapes at word edges', () => {
    const value = 'abc\ndefgh\\ijkl"mnopqrstuvwx\té😀yz0123456789'.repeat(3);
    const text = Buffer.from(JSON.stringify(value).slice(1, -1));
    for (let shift = 0; shift < 4; shift++) {
      const holder = Buffer.alloc(text.length + 8);
      text.copy(holder, shift);
      const json = holder.subarray(shift, shift + text.length);
      for (let at = 0; at < 4; at++) {
        const target = Buffer.alloc(text.length + 8);
        const written = writeJsonStringBytes(json, target, at);
        expect(target.subarray(at, at + written).toString(), `shift ${shift}, at ${at}`).toBe(value);
      }
    }
  });

  it('decodes the escapes JSON allows besides the canonical ones', () => {
    expect(unescape('a\\/b\\u0041\\u00e9\\u2713\\ud83d\\ude00').toString()).toBe('a/bAé✓😀');
  });

  it('writes U+FFFD for a lone surrogate, as Buffer.from does', () => {
    expect(unescape('\\ud83d.').equals(Buffer.from('\ud83d.'))).toBe(true);
    expect(unescape('\\ude00').equals(Buffer.from('\ude00'))).toBe(true);
  });

  it('throws on text that is not a JSON string', () => {
    expect(() => unescape('bad \\x escape')).toThrow(SyntaxError);
    expect(() => unescape('short \\u12')).toThrow(SyntaxError);
    expect(() => unescape('hex \\u12zz')).toThrow(SyntaxError);
    expect(() => unescape('dangling \\')).toThrow(SyntaxError);
  });
});
