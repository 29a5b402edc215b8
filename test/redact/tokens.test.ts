import { describe, expect, it } from 'vitest';
import { redactText, type RedactionCounts, type RedactionKind } from '../../src/redact/redact.js';
import { ALNUM, BASE64URL, fakeChars, fakeJwt, seedFakes, UPPER_DIGITS } from './fake-secrets.js';

seedFakes(101);

/** kind, a label, a fake token of that kind. */
const TOKENS: [RedactionKind, string, string][] = [
  ['openai_api_key', 'legacy', `sk-${fakeChars(ALNUM, 48)}`],
  ['openai_api_key', 'project', `sk-proj-${fakeChars(BASE64URL, 156)}`],
  ['openai_api_key', 'service account', `sk-svcacct-${fakeChars(BASE64URL, 120)}`],
  ['openai_api_key', 'admin', `sk-admin-${fakeChars(BASE64URL, 120)}`],
  ['anthropic_api_key', 'api', `sk-ant-api03-${fakeChars(BASE64URL, 93)}AA`],
  ['anthropic_api_key', 'admin', `sk-ant-admin01-${fakeChars(BASE64URL, 93)}AA`],
  ['github_token', 'classic personal', `ghp_${fakeChars(ALNUM, 36)}`],
  ['github_token', 'oauth', `gho_${fakeChars(ALNUM, 36)}`],
  ['github_token', 'app user-to-server', `ghu_${fakeChars(ALNUM, 36)}`],
  ['github_token', 'app installation', `ghs_${fakeChars(ALNUM, 36)}`],
  ['github_token', 'refresh', `ghr_${fakeChars(ALNUM, 36)}`],
  ['github_token', 'fine-grained', `github_pat_${fakeChars(ALNUM, 22)}_${fakeChars(ALNUM, 59)}`],
  ['gitlab_token', 'personal', `glpat-${fakeChars(BASE64URL, 20)}`],
  ['gitlab_token', 'deploy', `gldt-${fakeChars(ALNUM, 20)}`],
  ['gitlab_token', 'runner', `glrt-${fakeChars(BASE64URL, 20)}`],
  ['slack_token', 'bot', `xoxb-${fakeChars('0123456789', 12)}-${fakeChars('0123456789', 13)}-${fakeChars(ALNUM, 24)}`],
  ['slack_token', 'user', `xoxp-${fakeChars('0123456789', 12)}-${fakeChars('0123456789', 12)}-${fakeChars('0123456789', 13)}-${fakeChars('0123456789abcdef', 32)}`],
  ['slack_token', 'app-level', `xapp-1-A${fakeChars(UPPER_DIGITS, 10)}-${fakeChars('0123456789', 13)}-${fakeChars('0123456789abcdef', 64)}`],
  ['stripe_key', 'live secret', `sk_live_${fakeChars(ALNUM, 24)}`],
  ['stripe_key', 'test secret', `sk_test_${fakeChars(ALNUM, 99)}`],
  ['stripe_key', 'restricted', `rk_live_${fakeChars(ALNUM, 24)}`],
  ['google_api_key', 'api key', `AIza${fakeChars(BASE64URL, 35)}`],
  ['huggingface_token', 'user access', `hf_${fakeChars(ALNUM.replace(/[0-9]/g, ''), 34)}`],
  ['npm_token', 'granular', `npm_${fakeChars(ALNUM, 36)}`],
  ['aws_access_key_id', 'long-term', `AKIA${fakeChars(UPPER_DIGITS, 16)}`],
  ['aws_access_key_id', 'temporary', `ASIA${fakeChars(UPPER_DIGITS, 16)}`],
  ['jwt', 'HS256', fakeJwt()],
];

/** Places a token appears in rollouts: prose, assignments, quotes, lists, URLs, line starts. */
const CONTEXTS: ((t: string) => string)[] = [
  (t) => `the key is ${t} ok`,
  (t) => `${t}`,
  (t) => `"${t}"`,
  (t) => `'${t}',`,
  (t) => `(${t})`,
  (t) => `line one\n${t}\nline three`,
  (t) => `--token=${t} --verbose`,
  (t) => `echo ${t}.`,
];

describe.each(TOKENS)('%s (%s)', (kind, _label, token) => {
  it('is replaced by its placeholder wherever it stands, and counted', () => {
    for (const place of CONTEXTS) {
      const counts: RedactionCounts = {};
      expect(redactText(place(token), counts)).toBe(place(`[REDACTED:${kind}]`));
      expect(counts).toEqual({ [kind]: 1 });
    }
  });

  it('is not replaced when glued to the end of a longer identifier', () => {
    for (const glued of [`x${token}`, `9${token}`, `_${token}`]) expect(redactText(glued)).toBe(glued);
  });
});

describe('near misses of token prefixes', () => {
  const cases: [string, string][] = [
    ['sk- inside words', 'use a task-list, a desk-top and a risk-free plan; mask-based-rendering-pipeline-thing'],
    ['sk- then a kebab name', 'run sk-some-very-long-kebab-case-option-name with sk-learn'],
    ['sk- then one letter case', `sk-${'abcdefghij'.repeat(5)}`],
    ['sk-ant- too short', 'sk-ant-api03-short'],
    ['ghp_ too short', `ghp_${fakeChars(ALNUM, 35)}`],
    ['gh words', 'highp_float sleigh_bells through_the github_actions github_pat_short'],
    ['glpat- too short', 'glpat-abc123'],
    ['xox words', 'xoxo-hugs xoxb-not-a-real-token-at-all'],
    ['stripe words', 'sk_live_short pk_live_' + fakeChars(ALNUM, 24) + ' risk_test_suite_for_everything_here'],
    ['publishable stripe key', `pk_test_${fakeChars(ALNUM, 24)}`],
    ['AIza too short or long', `AIza${fakeChars(BASE64URL, 34)} AIza${fakeChars(BASE64URL, 36)}`],
    ['hf_ identifiers', 'from huggingface_hub import hf_hub_download, hf_api_wrapper_for_tests'],
    ['hf_ lower case only', `hf_${'abcdefghijklmnopqrstuvwxyzabcdefgh'}`],
    ['npm_ environment', 'npm_config_cache=/home/user/.npm npm_package_name=rollout-kit npm_lifecycle_event=test'],
    ['AKIA too short', `AKIA${fakeChars(UPPER_DIGITS, 15)}`],
    ['AKIA then lower case', `AKIA${fakeChars(UPPER_DIGITS, 16)}abc`],
    ['ASIA words', 'ASIAN MARKETS and ASIA-PACIFIC'],
    ['JWT header alone', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'],
    ['JWT-like with a non-JSON payload', `eyJhbGciOiJIUzI1NiJ9.${fakeChars(ALNUM, 30)}.${fakeChars(ALNUM, 30)}`],
  ];
  it.each(cases)('%s', (_label, text) => {
    expect(redactText(text)).toBe(text);
  });
});
