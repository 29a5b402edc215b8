import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { TOKEN_PATTERNS } from '../../src/redact/patterns.js';
import { REDACTION_KINDS, redactBytes, redactJsonText, redactText, type RedactionCounts, type RedactionKind } from '../../src/redact/redact.js';
import { ALNUM, BASE64, BASE64URL, fakeChars, fakeJwt, fakePrivateKey, HEX, seedFakes, UPPER_DIGITS } from './fake-secrets.js';

/**
 * Every detector, tested the same way: true positives, and the near misses that look most like
 * it in real rollouts (git SHAs, UUIDs, base64 image data, lockfile hashes, prefixes inside
 * ordinary words). The tables must name every kind and every token prefix, so a pattern added
 * to src/redact/patterns.ts cannot land without both.
 */

seedFakes(707);

const DIGITS = '0123456789';
const LETTERS = ALNUM.replace(/[0-9]/g, '');
const SHA = fakeChars(HEX, 40);
const UUID = [8, 4, 4, 4, 12].map((n) => fakeChars(HEX, n)).join('-');
/** A PNG as a data URL: the fixed PNG header in base64, then random base64. */
const IMAGE = `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${fakeChars(BASE64, 3000)}AAAAAElFTkSuQmCC`;
const INTEGRITY = `sha512-${fakeChars(BASE64, 86)}==`;

/** A token shaped like a real one for every prefix of every token pattern. */
const TOKEN_BY_PREFIX: Record<string, string> = {
  'sk-ant-': `sk-ant-api03-${fakeChars(BASE64URL, 93)}AA`,
  'sk-': `sk-proj-${fakeChars(BASE64URL, 156)}`,
  ...Object.fromEntries(['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'].map((p) => [p, `${p}${fakeChars(ALNUM, 24)}`])),
  ...Object.fromEntries(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'].map((p) => [p, `${p}${fakeChars(ALNUM, 36)}`])),
  github_pat_: `github_pat_${fakeChars(ALNUM, 22)}_${fakeChars(ALNUM, 59)}`,
  ...Object.fromEntries(
    ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glcbt-', 'glimt-', 'glagent-', 'gloas-', 'glsoat-'].map((p) => [p, `${p}${fakeChars(BASE64URL, 20)}`]),
  ),
  ...Object.fromEntries(
    ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxr-', 'xoxs-', 'xoxe-'].map((p) => [p, `${p}${fakeChars(DIGITS, 12)}-${fakeChars(DIGITS, 13)}-${fakeChars(ALNUM, 24)}`]),
  ),
  'xapp-': `xapp-1-A${fakeChars(UPPER_DIGITS, 10)}-${fakeChars(DIGITS, 13)}-${fakeChars(HEX, 64)}`,
  AIza: `AIza${fakeChars(BASE64URL, 35)}`,
  hf_: `hf_${fakeChars(LETTERS, 34)}`,
  npm_: `npm_${fakeChars(ALNUM, 36)}`,
  AKIA: `AKIA${fakeChars(UPPER_DIGITS, 16)}`,
  ASIA: `ASIA${fakeChars(UPPER_DIGITS, 16)}`,
  eyJ: fakeJwt(),
};

const PREFIXES = TOKEN_PATTERNS.flatMap((pattern) => pattern.prefixes.map((prefix) => ({ prefix, pattern })));

describe('every token prefix', () => {
  it('has a true positive in this table, and the table nothing else', () => {
    expect(Object.keys(TOKEN_BY_PREFIX).sort()).toEqual(PREFIXES.map((p) => p.prefix).sort());
  });

  it.each(PREFIXES.map(({ prefix, pattern }) => [prefix, pattern.kind] as const))('%s: redacted as %s in text, JSON text and bytes', (prefix, kind) => {
    const token = TOKEN_BY_PREFIX[prefix]!;
    const text = `é got ${token}\nnext`;
    const counts: RedactionCounts = {};
    expect(redactText(text, counts)).toBe(`é got [REDACTED:${kind}]\nnext`);
    expect(JSON.parse(redactJsonText(JSON.stringify(text), counts))).toBe(`é got [REDACTED:${kind}]\nnext`);
    expect(redactBytes(Buffer.from(`日本 ${token}`), false, counts).toString()).toBe(`日本 [REDACTED:${kind}]`);
    expect(counts).toEqual({ [kind]: 3 });
  });

  it.each(PREFIXES.map(({ prefix, pattern }) => [prefix, pattern] as const))('%s: no token inside a longer word, or one character short', (prefix, pattern) => {
    const token = TOKEN_BY_PREFIX[prefix]!;
    const short = `${prefix}${token.slice(prefix.length, prefix.length + pattern.minBody - 1)}`;
    for (const text of [`unmask${token}`, `${short} and ${short}.`]) expect(redactText(text)).toBe(text);
  });
});

type KindCases = {
  /** A text, and the secret in it that must not survive. */
  positives: [string, string][];
  /** Texts that must come out unchanged. */
  nearMisses: string[];
};

const openai = TOKEN_BY_PREFIX['sk-']!;
const awsId = TOKEN_BY_PREFIX.AKIA!;
const awsSecret = fakeChars(BASE64, 40);
const keyValue = fakeChars(ALNUM, 32);
const bearer = fakeChars(BASE64URL, 40);
const basic = Buffer.from(`deploy:${fakeChars(ALNUM, 12)}`).toString('base64');
const webhookPath = `T${fakeChars(UPPER_DIGITS, 8)}/B${fakeChars(UPPER_DIGITS, 10)}/${fakeChars(ALNUM, 24)}`;
const privateKey = fakePrivateKey('OPENSSH PRIVATE KEY', 4);

const KINDS: Record<RedactionKind, KindCases> = {
  openai_api_key: {
    positives: [[`OPENAI_API_KEY=${openai}`, openai], [`curl -H "Authorization: Bearer ${openai}"`, openai]],
    nearMisses: [`sk-${UUID}`, `risk-${SHA} task-${UUID} desk-${fakeChars(ALNUM, 30)}`, 'pip install scikit-learn sk-video; sk-learn-compatible-estimator-option'],
  },
  anthropic_api_key: {
    positives: [[`ANTHROPIC_API_KEY="${TOKEN_BY_PREFIX['sk-ant-']}"`, TOKEN_BY_PREFIX['sk-ant-']!]],
    nearMisses: [`sk-ant-${SHA.slice(0, 24)}`, `task-ant-${fakeChars(BASE64URL, 40)}`],
  },
  github_token: {
    positives: [[`git remote set-url origin https://x:${TOKEN_BY_PREFIX.ghp_}@github.com/o/r`, TOKEN_BY_PREFIX.ghp_!]],
    nearMisses: [`ghp_${SHA.slice(0, 35)}`, `highp_${fakeChars(ALNUM, 36)} github_pat_${UUID}`, `https://github.com/org/repo/commit/${SHA}`],
  },
  gitlab_token: {
    positives: [[`CI_JOB_TOKEN: ${TOKEN_BY_PREFIX['glpat-']}`, TOKEN_BY_PREFIX['glpat-']!]],
    nearMisses: [`glpat-${SHA.slice(0, 19)}`, `sigldt-${fakeChars(ALNUM, 24)}`],
  },
  slack_token: {
    positives: [[`SLACK_BOT_TOKEN=${TOKEN_BY_PREFIX['xoxb-']}`, TOKEN_BY_PREFIX['xoxb-']!]],
    nearMisses: ['xoxo-hugs-and-kisses-from-everyone-here', `xoxb-${UUID.replace(/[0-9]/g, 'a')}`],
  },
  slack_webhook: {
    positives: [[`SLACK_WEBHOOK_URL=https://hooks.slack.com/services/${webhookPath}`, webhookPath]],
    nearMisses: ['https://hooks.slack.com/services/ https://api.slack.com/messaging/webhooks', 'https://hooks.slack.com/services/T0/B0/short'],
  },
  stripe_key: {
    positives: [[`stripe.api_key = "${TOKEN_BY_PREFIX.rk_test_}"`, TOKEN_BY_PREFIX.rk_test_!]],
    nearMisses: [`pk_live_${fakeChars(ALNUM, 24)}`, 'sk_test_abcdefghijklmnopqrstuvwxyz', 'def test_risk_test_suite_for_everything(): sk_live_mode_enabled'],
  },
  google_api_key: {
    positives: [[`const firebaseConfig = { apiKey: "${TOKEN_BY_PREFIX.AIza}" };`, TOKEN_BY_PREFIX.AIza!]],
    nearMisses: [`${IMAGE.slice(0, 200)}AIza${fakeChars(BASE64URL, 35)}${IMAGE.slice(200)}`, `AIza${fakeChars(BASE64URL, 34)}`],
  },
  huggingface_token: {
    positives: [[`huggingface-cli login --token ${TOKEN_BY_PREFIX.hf_}`, TOKEN_BY_PREFIX.hf_!]],
    nearMisses: ['from huggingface_hub import hf_hub_download', `hf_${SHA.slice(0, 34)}`],
  },
  npm_token: {
    positives: [[`//registry.npmjs.org/:_authToken=${TOKEN_BY_PREFIX.npm_}`, TOKEN_BY_PREFIX.npm_!]],
    nearMisses: ['npm_config_cache=/home/user/.npm npm_package_name=rollout-kit', `npm_${LETTERS.slice(0, 36)}`],
  },
  aws_access_key_id: {
    positives: [[`aws_access_key_id = ${awsId}`, awsId]],
    nearMisses: [`${IMAGE.slice(0, 300)}AKIA${fakeChars(UPPER_DIGITS, 16)}${IMAGE.slice(300)}`, 'ASIAN and ASIA-PACIFIC markets', `AKIA${fakeChars(UPPER_DIGITS, 15)}`],
  },
  aws_secret_access_key: {
    positives: [[`${awsId},${awsSecret}`, awsSecret], [`AWS_SECRET_ACCESS_KEY=${awsSecret}`, awsSecret]],
    nearMisses: [`[REDACTED:aws_access_key_id] ${SHA}`, `resolved ${SHA} integrity ${INTEGRITY}`],
  },
  jwt: {
    positives: [[`{"id_token": "${TOKEN_BY_PREFIX.eyJ}"}`, TOKEN_BY_PREFIX.eyJ!]],
    nearMisses: [`${IMAGE.slice(0, 100)}eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${IMAGE.slice(100)}`, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'],
  },
  private_key: {
    positives: [[`$ cat ~/.ssh/id_ed25519\n${privateKey}\n$`, privateKey.split('\n')[2]!]],
    nearMisses: [fakePrivateKey('CERTIFICATE', 3), fakePrivateKey('PUBLIC KEY', 2), fakePrivateKey('PGP PUBLIC KEY BLOCK', 2), fakePrivateKey('CERTIFICATE REQUEST', 2)],
  },
  bearer_token: {
    positives: [[`Authorization: Bearer ${bearer}`, bearer]],
    nearMisses: ['Authorization: Bearer $API_TOKEN', 'Bearer tokens are described in RFC 6750.', 'Authorization: Bearer <token>'],
  },
  basic_auth: {
    positives: [[`Authorization: Basic ${basic}`, basic]],
    nearMisses: ['Basic usage: run the command.', `Authorization: Basic ${Buffer.from('no colon here at all').toString('base64')}`],
  },
  url_password: {
    positives: [[`DATABASE_URL=postgres://app:Xk29fjq01LmZ@db:5432/app`, 'Xk29fjq01LmZ']],
    nearMisses: [`postgres://${UUID}@db/app`, 'postgres://user:password@localhost:5432/db', `https://example.com/${SHA}:${UUID}@x`],
  },
  secret_assignment: {
    positives: [[`export DEPLOY_TOKEN="${keyValue}"`, keyValue], [`{"client_secret": "${keyValue}"}`, keyValue]],
    nearMisses: [
      `session_token = ${UUID}`,
      `cache_key: ${SHA}`,
      `"integrity": "${INTEGRITY}"`,
      `[[package]]\nname = "serde"\nchecksum = "${fakeChars(HEX, 64)}"`,
      `{"type": "input_image", "image_url": "${IMAGE}"}`,
      `token_count: ${SHA.replace(/[a-f]/g, '1')}`,
    ],
  },
};

describe('every kind', () => {
  it('has true positives and near misses in this table', () => {
    expect(Object.keys(KINDS).sort()).toEqual([...REDACTION_KINDS].sort());
    for (const cases of Object.values(KINDS)) {
      expect(cases.positives.length).toBeGreaterThan(0);
      expect(cases.nearMisses.length).toBeGreaterThan(0);
    }
  });

  describe.each(Object.entries(KINDS))('%s', (kind, { positives, nearMisses }) => {
    it.each(positives)('redacts %j', (text, secret) => {
      const counts: RedactionCounts = {};
      const redacted = redactText(text, counts);
      expect(redacted).not.toContain(secret);
      expect(redacted).toContain(`[REDACTED:${kind}]`);
      expect(counts[kind as RedactionKind]).toBeGreaterThan(0);
    });

    it.each(nearMisses)('leaves %j alone', (text) => {
      expect(redactText(text)).toBe(text);
      expect(redactJsonText(JSON.stringify(text))).toBe(JSON.stringify(text));
    });
  });
});
