import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactBytes, redactJsonText, redactText, type RedactionCounts } from '../../src/redact/redact.js';
import { ALNUM, BASE64, BASE64URL, fakeChars, fakeJwt, fakePrivateKey, seedFakes } from './fake-secrets.js';

seedFakes(606);

/** Pieces of tool output: secrets, the names and separators that lead to them, and non-ASCII text around and inside them. */
const PIECES: string[] = [
  `sk-${fakeChars(ALNUM, 48)}`,
  `ghp_${fakeChars(ALNUM, 36)}`,
  fakeJwt(),
  fakePrivateKey('RSA PRIVATE KEY', 3),
  `API_KEY=${fakeChars(BASE64URL, 32)}`,
  'PASSWORD=',
  'client_secret: "',
  '"',
  'postgres://app:',
  '@db:5432/app',
  'Bearer ',
  fakeChars(BASE64, 40),
  'é',
  'Ünïcödé',
  '日本語のテキスト',
  '🙂',
  '\u00a0',
  '\u0085',
  ' ',
  '\n',
  '=',
  ':',
  'token',
  'BEGIN ',
  '-----',
];

const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''));

describe('redactBytes', () => {
  it('gives the bytes of redactText, counts included, whatever non-ASCII text surrounds or splits a secret', () => {
    fc.assert(
      fc.property(text, (t) => {
        const byteCounts: RedactionCounts = {};
        const textCounts: RedactionCounts = {};
        const out = redactBytes(Buffer.from(t, 'utf8'), false, byteCounts);
        expect(out.toString('utf8')).toBe(redactText(t, textCounts));
        expect(byteCounts).toEqual(textCounts);
      }),
      { seed: 606, numRuns: 3000 },
    );
  });

  it('gives the bytes of redactJsonText on JSON text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const json = JSON.stringify(t).slice(1, -1);
        expect(redactBytes(Buffer.from(json, 'utf8'), true).toString('utf8')).toBe(redactJsonText(json));
      }),
      { seed: 607, numRuns: 2000 },
    );
  });

  it('returns the very same buffer when nothing is found', () => {
    const bytes = Buffer.from('ordinary output, café ☕, nothing secret at all', 'utf8');
    expect(redactBytes(bytes, false)).toBe(bytes);
  });

  it('decodes when a value with a multi-byte character decides the match', () => {
    const value = `pässwörd-${fakeChars(ALNUM, 20)}`;
    const t = `PASSWORD=${value}\n`;
    expect(redactBytes(Buffer.from(t, 'utf8'), false).toString('utf8')).toBe(redactText(t));
  });
});
