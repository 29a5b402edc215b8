import { describe, expect, it } from 'vitest';
import { decodeJsonStringInto } from '../../src/bytes/json-string-utf8.js';

/** Decodes the JSON string at the start of `text` (after its opening quote), as a line would hold it. */
function decode(text: string, sourceShift = 0, targetAt = 0): { value: string; rest: string } | null {
  const encoded = Buffer.from(text);
  const source = Buffer.alloc(encoded.length + sourceShift);
  encoded.copy(source, sourceShift);
  const target = Buffer.alloc(encoded.length + targetAt);
  const decoded = decodeJsonStringInto(source, sourceShift, target, targetAt);
  if (!decoded) return null;
  return { value: target.toString('utf8', targetAt, targetAt + decoded.written), rest: source.toString('utf8', decoded.end) };
}

describe('decodeJsonStringInto', () => {
  it('decodes what JSON.stringify writes, byte for byte as Buffer.from encodes the string, and stops at the closing quote', () => {
    const strings = [
      '',
      'plain ascii',
      'tabs\tand\nnewlines\r\n and "quotes" and \\ backslashes',
      'controls \u0000\u0001\u001f\u007f \b\f',
      'é ü ✓ 😀 中文',
      'x'.repeat(300) + '\n' + 'y'.repeat(10),
    ];
    for (const value of strings) {
      const decoded = decode(`${JSON.stringify(value).slice(1)},"next":1}`);
      expect(decoded, value).toEqual({ value, rest: '","next":1}' });
    }
  });

  it('decodes at every alignment of the text and of the target, with escapes at word edges', () => {
    const value = 'abc\ndefgh\\ijkl"mnopqrstuvwx\té😀yz0123456789'.repeat(3);
    const text = `${JSON.stringify(value).slice(1)}}`;
    for (let shift = 0; shift < 4; shift++) {
      for (let at = 0; at < 4; at++) expect(decode(text, shift, at)?.value, `shift ${shift}, at ${at}`).toBe(value);
    }
  });

  it('decodes the escapes JSON allows besides the ones JSON.stringify writes', () => {
    expect(decode('a\\/b\\u0041\\u00e9\\u2713\\ud83d\\ude00"')?.value).toBe('a/bAé✓😀');
  });

  it('writes U+FFFD for a lone surrogate, as Buffer.from does', () => {
    expect(decode('\\ud83d."')?.value).toBe('\ufffd.');
    expect(decode('\\ude00"')?.value).toBe('\ufffd');
  });

  it('refuses text that is not a complete JSON string', () => {
    expect(decode('bad \\x escape"')).toBeNull();
    expect(decode('short \\u12"')).toBeNull();
    expect(decode('hex \\u12zz"')).toBeNull();
    expect(decode('raw \n newline"')).toBeNull();
    expect(decode('never closed')).toBeNull();
    expect(decode('dangling \\')).toBeNull();
  });
});
