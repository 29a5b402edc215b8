import { describe, expect, it } from 'vitest';
import { redactJsonText, redactText, type RedactionCounts } from '../../src/redact/redact.js';
import { ALNUM, BASE64, BASE64URL, fakeChars, fakeJwt, fakePrivateKey, seedFakes, UPPER_DIGITS } from './fake-secrets.js';

seedFakes(404);

/** Decoded texts with secrets where escapes matter: after line breaks and tabs, in quotes, in blocks. */
const SAMPLES: string[] = [
  `line\nsk-${fakeChars(ALNUM, 48)}\tend`,
  `export GITHUB_TOKEN="ghp_${fakeChars(ALNUM, 36)}"\necho ok`,
  `{"api_key": "${fakeChars(ALNUM, 32)}", "nested": "{\\"client_secret\\": \\"${fakeChars(ALNUM, 28)}\\"}"}`,
  `$ cat ~/.ssh/id_ed25519\n${fakePrivateKey('OPENSSH PRIVATE KEY', 4)}\n$ exit`,
  `Authorization: Bearer ${fakeJwt()}\r\nHost: example.com`,
  `DATABASE_URL=postgres://app:${fakeChars(ALNUM, 14)}@db:5432/app\nPASSWORD=changeme`,
  `AKIA${fakeChars(UPPER_DIGITS, 16)}\n${fakeChars(BASE64, 40)}\n`,
  `\tsecret: ${fakeChars(BASE64URL, 30)}\n\thf: hf_${fakeChars(ALNUM.replace(/[0-9]/g, ''), 34)}`,
  `path C:\\Users\\dev\\sk-${fakeChars(ALNUM, 48)} and "quoted \\"xoxb-${fakeChars('0123456789', 12)}-${fakeChars('0123456789', 12)}-${fakeChars(ALNUM, 24)}\\""`,
];

describe('redactJsonText', () => {
  it.each(SAMPLES.map((s, i) => [i, s] as const))('sample %i: the JSON string of the text redacts to the JSON string of the redacted text', (_i, text) => {
    const jsonCounts: RedactionCounts = {};
    const textCounts: RedactionCounts = {};
    const redacted = redactJsonText(JSON.stringify(text), jsonCounts);
    expect(JSON.parse(redacted)).toBe(redactText(text, textCounts));
    expect(jsonCounts).toEqual(textCounts);
    expect(Object.keys(jsonCounts).length).toBeGreaterThan(0);
  });

  it('keeps tool-call arguments and doubly encoded JSON parseable', () => {
    const args = { cmd: ['bash', '-lc', SAMPLES.join('\n')], workdir: '/repo', timeout_ms: 1000 };
    const once = JSON.stringify(args);
    const twice = JSON.stringify({ type: 'function_call', arguments: once });
    const redactedOnce = JSON.parse(redactJsonText(once)) as typeof args;
    expect(redactedOnce.workdir).toBe('/repo');
    expect(redactedOnce.cmd[2]).toBe(redactText(args.cmd[2]!));
    const redactedTwice = JSON.parse(JSON.parse(redactJsonText(twice)).arguments as string) as typeof args;
    expect(redactedTwice.cmd[2]).toBe(redactText(args.cmd[2]!));
  });

  it('redacts a private key whose lines are joined by \\n escapes, and nothing around it', () => {
    const block = fakePrivateKey('RSA PRIVATE KEY', 6);
    const json = JSON.stringify({ output: `before\n${block}\nafter`, exit_code: 0 });
    expect(json).toContain('\\n');
    expect(redactJsonText(json)).toBe('{"output":"before\\n[REDACTED:private_key]\\nafter","exit_code":0}');
  });

  it('never lets a key block run into the next JSON string', () => {
    const header = '-----BEGIN RSA PRIVATE KEY-----';
    const body = fakeChars(BASE64, 64);
    const json = JSON.stringify({ a: `${header}\n${body}`, b: 'between', c: '-----END RSA PRIVATE KEY-----' });
    const redacted = redactJsonText(json);
    expect(JSON.parse(redacted)).toEqual({ a: '[REDACTED:private_key]', b: 'between', c: '-----END RSA PRIVATE KEY-----' });
  });

  it('does not take the letter of an escape for part of a name or token', () => {
    const secret = fakeChars(ALNUM, 30);
    const json = JSON.stringify(`x\nAPI_KEY=${secret}\tnext\nkey=${secret}`);
    expect(JSON.parse(redactJsonText(json))).toBe('x\nAPI_KEY=[REDACTED:secret_assignment]\tnext\nkey=' + secret);
  });

  it('puts nothing in a placeholder that JSON would escape', () => {
    const text = SAMPLES.join('\n');
    const redacted = redactText(text);
    for (const placeholder of redacted.match(/\[REDACTED:[a-z0-9_]+\]/g) ?? []) expect(JSON.stringify(placeholder)).toBe(`"${placeholder}"`);
  });
});
