import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  mergeRedactionCounts,
  REDACTION_KINDS,
  redactionCountsSchema,
  redactJsonText,
  redactText,
  type RedactionCounts,
  type RedactionKind,
} from '../../src/redact/redact.js';
import { ALNUM, fakeChars, fakeJwt, seedFakes } from './fake-secrets.js';

seedFakes(606);

describe('redactText and redactJsonText', () => {
  it('return the very same string when nothing is found', () => {
    const text = `${'plain text with a_key and token words, a: b, c = d, x-y. '.repeat(200)}`;
    expect(redactText(text)).toBe(text);
    expect(redactJsonText(JSON.stringify(text))).toBe(JSON.stringify(text));
    const counts: RedactionCounts = {};
    redactText(text, counts);
    expect(counts).toEqual({});
  });

  it('add to the counts across calls, never the secrets', () => {
    const counts: RedactionCounts = {};
    const key = `sk-${fakeChars(ALNUM, 48)}`;
    redactText(`a ${key} b ${fakeJwt()}`, counts);
    redactJsonText(JSON.stringify({ k: key }), counts);
    expect(counts).toEqual({ openai_api_key: 2, jwt: 1 });
    expect(JSON.stringify(counts)).not.toContain(key.slice(3));
  });

  it('are idempotent: a redacted text has nothing left to redact', () => {
    const text = `API_KEY=${fakeChars(ALNUM, 30)} Authorization: Bearer ${fakeChars(ALNUM, 40)} https://u:${fakeChars(ALNUM, 12)}@h/x`;
    const once = redactText(text);
    const counts: RedactionCounts = {};
    expect(redactText(once, counts)).toBe(once);
    expect(counts).toEqual({});
  });

  it('are not fooled by empty or tiny strings', () => {
    for (const text of ['', 'a', 'sk-', '=', '://', 'Bearer ']) expect(redactText(text)).toBe(text);
  });
});

describe('counts', () => {
  it('merge by kind', () => {
    const total: RedactionCounts = { jwt: 1 };
    expect(mergeRedactionCounts(total, { jwt: 2, github_token: 1 })).toEqual({ jwt: 3, github_token: 1 });
    expect(total).toEqual({ jwt: 3, github_token: 1 });
  });

  it('validate with their schema for the manifest', () => {
    expect(redactionCountsSchema.parse({ jwt: 3, private_key: 1 })).toEqual({ jwt: 3, private_key: 1 });
    expect(redactionCountsSchema.safeParse({ not_a_kind: 1 }).success).toBe(false);
    expect(redactionCountsSchema.safeParse({ jwt: 0 }).success).toBe(false);
    expectTypeOf<RedactionCounts>().toEqualTypeOf<Partial<Record<RedactionKind, number>>>();
  });

  it('use snake_case kinds that need no escaping', () => {
    for (const kind of REDACTION_KINDS) expect(kind).toMatch(/^[a-z0-9]+(?:_[a-z0-9]+)*$/);
    expect(new Set(REDACTION_KINDS).size).toBe(REDACTION_KINDS.length);
  });
});
