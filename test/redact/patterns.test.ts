import { describe, expect, it } from 'vitest';
import * as patterns from '../../src/redact/patterns.js';
import { PATTERN_SET_VERSION, REDACTION_KINDS, redactJsonText, redactText } from '../../src/redact/redact.js';

describe('the pattern set', () => {
  it('has a version for the manifest', () => {
    expect(PATTERN_SET_VERSION).toBe('1');
  });

  it('compiles every regex at load, each sticky or global so it runs at an index', () => {
    const regexes = Object.values(patterns).filter((v): v is RegExp => v instanceof RegExp);
    regexes.push(...patterns.TOKEN_PATTERNS.map((p) => p.body));
    expect(regexes.length).toBeGreaterThan(15);
    for (const re of regexes) expect(re.sticky || re.global).toBe(true);
  });

  it('gives every token pattern a kind, prefixes and a single character-class body', () => {
    for (const p of patterns.TOKEN_PATTERNS) {
      expect(REDACTION_KINDS).toContain(p.kind);
      expect(p.prefixes.length).toBeGreaterThan(0);
      expect(p.body.source).toMatch(/^\[[^\]]+\]\*$/);
      expect(p.minBody).toBeLessThanOrEqual(p.maxBody);
    }
  });
});

/**
 * ReDoS guard: 1 MB of one needle or prefix repeated, the worst input for a scan that would
 * re-read a run at every hit. Linear scans take milliseconds; the bound only catches the
 * quadratic (minutes) or catastrophic cases.
 */
describe('adversarial input', () => {
  const MB = 1 << 20;
  const repeat = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const units = [
    'sk-', 'sk-ant-', 'ghp_', 'github_pat_', 'glpat-', 'xoxb-', 'sk_live_', 'hf_', 'npm_', 'AKIA', 'AIza', 'eyJ', 'eyJ.',
    'eyJa.eyJb.', '-----BEGIN RSA PRIVATE KEY-----\n', '-----BEGIN PRIVATE KEY-----\\n', '-----END PRIVATE KEY-----',
    '=', ':', '_', '-', 'a=', 'KEY=', 'KEY=a', 'key:"', '"api_key": "', 'x_token: x', 'password=', 'Authorization: ',
    'Authorization: Bearer ', 'Bearer ', 'Bearer a', 'Basic ', 'Basic QUFB', '://', '://a:', '://a:b', 'a@', ':a@',
    'hooks.slack.com/services/', 'https://hooks.slack.com/', '\\', '\\"', '\\n', 'AKIAAAAAAAAAAAAAAAAA ', 'ab/+',
  ];
  it.each(units)('%j repeated to 1 MB finishes', (unit) => {
    const text = repeat(unit);
    for (const redact of [redactText, redactJsonText]) {
      const started = performance.now();
      redact(text);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('a long token-like run without an end finishes', () => {
    const text = `sk-${'a'.repeat(MB)} KEY=${'b1'.repeat(MB / 2)} eyJ${'c'.repeat(MB)}`;
    const started = performance.now();
    redactText(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
