/**
 * Secrets never reach an output by default: a real rollout with fake secrets planted in
 * the prompt, a tool call's arguments, a tool output and a damaged line (whose issue
 * message quotes it) is converted to every format and to --stdout; no secret survives
 * anywhere in the output directory or on the streams, and `--no-redact` (redact: false)
 * keeps them, which proves the check can fail.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, CONVERT_FORMATS } from '../../src/convert/convert.js';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { createCollector, REPO_ROOT } from '../trajectory/convert-records.js';
import { readOutputTreeText } from './output-tree-text.js';
import { ALNUM, BASE64, fakeChars, fakeJwt, fakePrivateKey, seedFakes, UPPER_DIGITS } from '../redact/fake-secrets.js';

const SOURCE = path.join(REPO_ROOT, 'fixtures/oracle/0.130.0/shell-ok');

let dir: string;
let input: string;
let secrets: string[];
beforeAll(async () => {
  seedFakes(7);
  const github = `ghp_${fakeChars(ALNUM, 36)}`;
  const openai = `sk-proj-${fakeChars(ALNUM, 64)}`;
  const awsId = `AKIA${fakeChars(UPPER_DIGITS, 16)}`;
  const awsSecret = fakeChars(BASE64, 40);
  const jwt = fakeJwt();
  const key = fakePrivateKey('RSA PRIVATE KEY', 4);
  const password = `pw${fakeChars(ALNUM, 14)}`;
  secrets = [github, openai, awsId, awsSecret, jwt, ...key.split('\n').slice(1, -1), password];

  dir = await mkdtemp(path.join(tmpdir(), 'rk-secrets-'));
  const name = readdirSync(SOURCE).find((file) => file.startsWith('rollout-'))!;
  const lines = readFileSync(path.join(SOURCE, name), 'utf8').trimEnd().split('\n');
  const planted = lines.map((line) => {
    const value = JSON.parse(line) as { type: string; payload: Record<string, unknown> };
    const payload = value.payload;
    if (value.type === 'response_item' && payload.type === 'message' && payload.role === 'user') {
      const content = payload.content as { type: string; text?: string }[];
      const last = content.at(-1)!;
      if (last.text && !last.text.startsWith('<')) last.text += ` use token ${github} and https://admin:${password}@db.example.com/x`;
    }
    if (value.type === 'event_msg' && payload.type === 'user_message') payload.message = `${String(payload.message)} use token ${github}`;
    if (value.type === 'response_item' && payload.type === 'function_call') {
      const args = JSON.parse(String(payload.arguments)) as Record<string, unknown>;
      payload.arguments = JSON.stringify({ ...args, env: { OPENAI_API_KEY: openai, AUTH: `Bearer ${jwt}` } });
    }
    if (value.type === 'response_item' && payload.type === 'function_call_output') {
      payload.output = `${String(payload.output)}\naws_access_key_id = ${awsId}\naws_secret_access_key = ${awsSecret}\n${key}\n`;
    }
    return JSON.stringify(value);
  });
  // A damaged line: its issue message quotes the start of the line.
  planted.push(`{"timestamp":"2026-01-01T00:00:00Z","type":"response_item","payload":{"text":"${github}"`);
  input = path.join(dir, name);
  writeFileSync(input, `${planted.join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('planted secrets', () => {
  for (const format of CONVERT_FORMATS) {
    it(`never reach the ${format} output, its issues or the report`, async () => {
      const out = path.join(dir, `out-${format}`);
      const messages: string[] = [];
      const report = await convert({ inputs: [input], format, outDir: out }, (issue) => messages.push(issue.message));
      const written = `${readOutputTreeText(out)}\n${messages.join('\n')}\n${JSON.stringify(report)}`;
      for (const secret of secrets) expect(written.includes(secret), `${format}: ${secret.slice(0, 12)}…`).toBe(false);
      // Exec's events never print the user's message: there, the command output carries the placeholders.
      expect(written).toContain(format === 'thread-events' ? '[REDACTED:aws_access_key_id]' : '[REDACTED:github_token]');
      expect(report.redactions.total).toBeGreaterThan(0);
      expect((await validatePaths([out])).valid).toBe(true);
      const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { redaction: unknown };
      expect(manifest.redaction).toEqual({ enabled: true, pattern_set: '1' });
    });
  }

  it('never reach --stdout (records and thread events)', async () => {
    for (const format of ['jsonl', 'thread-events'] as const) {
      const { stream, text } = createCollector();
      await convert({ inputs: [input], format, outDir: path.join(dir, 'unused'), stdout: stream });
      for (const secret of secrets) expect(text().includes(secret), `${format}: ${secret.slice(0, 12)}…`).toBe(false);
      expect(text()).toContain('[REDACTED:');
    }
  });

  it('never reach the --incremental cache, and are kept there with redaction off', async () => {
    /** The cache as text: v8 keeps a string as Latin-1 or, holding other characters, as UTF-16. */
    const readCache = (out: string) => {
      const cache = path.join(path.dirname(out), `.${path.basename(out)}.rollout-kit-cache`);
      const bytes = readdirSync(cache, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.entry'))
        .map((name) => readFileSync(path.join(cache, name)));
      return bytes.map((b) => `${b.toString('latin1')}\n${b.toString('utf16le')}\n${b.subarray(1).toString('utf16le')}`).join('\n');
    };
    for (const format of ['jsonl', 'thread-events'] as const) {
      const out = path.join(dir, `out-incremental-${format}`);
      await convert({ inputs: [input], format, outDir: out, incremental: true });
      const cached = readCache(out);
      for (const secret of secrets) expect(cached.includes(secret), `${format}: ${secret.slice(0, 12)}…`).toBe(false);
      expect(cached).toContain('[REDACTED:');
    }
    const kept = path.join(dir, 'out-incremental-kept');
    await convert({ inputs: [input], format: 'jsonl', outDir: kept, incremental: true, redact: false });
    const cached = readCache(kept);
    expect(secrets.filter((secret) => cached.includes(secret))).toEqual(secrets);
  });

  it('are kept with redaction off (--no-redact), and the manifest says so', async () => {
    const out = path.join(dir, 'out-kept');
    const report = await convert({ inputs: [input], format: 'jsonl', outDir: out, redact: false });
    const written = readOutputTreeText(out);
    expect(secrets.some((secret) => written.includes(secret))).toBe(true);
    expect(report.redactions).toEqual({ patternSet: null, total: 0, byKind: {} });
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { redaction: unknown };
    expect(manifest.redaction).toEqual({ enabled: false, pattern_set: null });
  });
});
