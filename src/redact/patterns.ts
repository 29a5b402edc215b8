import type { RedactionKind } from './kinds.js';
import { hasLetterAndDigit, hasUpperAndLower, hasUpperLowerDigit } from './value-shape.js';

/**
 * The reviewed secret patterns, as data. Bump PATTERN_SET_VERSION whenever a pattern, a name
 * list or a threshold here changes what gets redacted: the manifest records it.
 *
 * Why no package: the maintained sets on npm (secretlint's rule presets, gitleaks-style rule
 * files) are linters. secretlint runs async rules per source file through a context and
 * reporter and ships its regexes inside rule code, not as data; gitleaks' rules are Go-flavoured
 * regexes (inline flags, unbounded alternations) meant for a regex engine with no
 * backtracking. Neither gives a fast string-in, string-out redactor, and wrapping one would
 * put a per-string async lint on a path that must run at hundreds of MB/s. So the patterns
 * live here, written for this engine: every token is a literal prefix followed by a single
 * character-class run (a sticky regex that cannot backtrack), and its shape rules (length,
 * character mix) are plain checks on the run.
 *
 * How candidates are found (see find-matches.ts): prefixes containing `_` or `-` are found by
 * scanning for that separator; the others by scanning for their `needle`. Names of secrets are
 * found from the `=` or `:` after them, URLs from their `://`, and private key blocks and auth
 * schemes from the `B` of `BEGIN`, `Bearer` and `Basic`.
 */
export const PATTERN_SET_VERSION = '1';

export type TokenPattern = {
  kind: RedactionKind;
  /** The literal each token starts with (case-sensitive). */
  prefixes: readonly string[];
  /**
   * What a prefix without `_` or `-` is found by: one rare character of it, shared where it can
   * be (one scan for `I` serves `AIza`, `AKIA` and `ASIA`). Not `A`: base64 data (images,
   * zero-filled buffers) is full of `AAAA`, and every hit costs a round trip from the search.
   */
  needle?: string;
  /** Sticky regex of one character-class run: the token's body after the prefix. */
  body: RegExp;
  minBody: number;
  maxBody: number;
  /** Trailing dots end a sentence, not the token. */
  trimDots?: boolean;
  /** Shape test on the body (after the prefix), beyond its length. */
  check?: (body: string) => boolean;
};

const ALNUM = /[A-Za-z0-9]*/y;

/** In order: a prefix that extends another (`sk-ant-`, `sk-`) comes first. */
export const TOKEN_PATTERNS: readonly TokenPattern[] = [
  {
    kind: 'anthropic_api_key',
    prefixes: ['sk-ant-'],
    body: /[A-Za-z0-9_-]*/y,
    minBody: 32,
    maxBody: 512,
  },
  {
    // Legacy keys are sk- and 48 alphanumerics; project, service-account and admin keys
    // carry a second prefix and use the URL-safe alphabet.
    kind: 'openai_api_key',
    prefixes: ['sk-'],
    body: /[A-Za-z0-9_-]*/y,
    minBody: 20,
    maxBody: 512,
    check: (body) => !body.startsWith('ant-') && hasUpperLowerDigit(body.replace(/^(?:proj|svcacct|admin|None)-/, '')),
  },
  {
    kind: 'stripe_key',
    prefixes: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    body: ALNUM,
    minBody: 16,
    maxBody: 256,
    check: hasLetterAndDigit,
  },
  {
    // Classic personal (ghp_), OAuth (gho_), app user-to-server (ghu_), app installation
    // (ghs_) and refresh (ghr_) tokens: 36 base62 characters.
    kind: 'github_token',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    body: ALNUM,
    minBody: 36,
    maxBody: 255,
  },
  {
    kind: 'github_token',
    prefixes: ['github_pat_'],
    body: /[A-Za-z0-9_]*/y,
    minBody: 40,
    maxBody: 255,
  },
  {
    // Personal, deploy, runner, pipeline-trigger, feed, CI-build, incoming-mail, agent,
    // OAuth-application and service-account tokens.
    kind: 'gitlab_token',
    prefixes: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glcbt-', 'glimt-', 'glagent-', 'gloas-', 'glsoat-'],
    body: /[A-Za-z0-9_.-]*/y,
    minBody: 20,
    maxBody: 255,
    trimDots: true,
  },
  {
    // Bot, user, workspace-app, refresh and configuration tokens; app-level tokens.
    kind: 'slack_token',
    prefixes: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxr-', 'xoxs-', 'xoxe-', 'xapp-'],
    body: /[A-Za-z0-9-]*/y,
    minBody: 20,
    maxBody: 255,
    check: hasLetterAndDigit,
  },
  {
    kind: 'google_api_key',
    prefixes: ['AIza'],
    needle: 'I',
    body: /[A-Za-z0-9_-]*/y,
    minBody: 35,
    maxBody: 35,
  },
  {
    kind: 'huggingface_token',
    prefixes: ['hf_'],
    body: ALNUM,
    minBody: 30,
    maxBody: 40,
    check: hasUpperAndLower,
  },
  {
    kind: 'npm_token',
    prefixes: ['npm_'],
    body: ALNUM,
    minBody: 36,
    maxBody: 36,
    check: hasLetterAndDigit,
  },
  {
    // Long-term (AKIA) and temporary (ASIA) access key ids. The matching secret key is found
    // by AWS_SECRET_PAIR_WINDOW below or by its name.
    kind: 'aws_access_key_id',
    prefixes: ['AKIA', 'ASIA'],
    needle: 'I',
    body: /[A-Z0-9]*/y,
    minBody: 16,
    maxBody: 16,
  },
  {
    // header.payload.signature, both JSON objects ({" encodes as eyJ); the signature may be
    // empty (alg none).
    kind: 'jwt',
    prefixes: ['eyJ'],
    needle: 'J',
    body: /[A-Za-z0-9_.-]*/y,
    minBody: 20,
    maxBody: 16_384,
    trimDots: true,
    check: (body) => {
      const parts = `eyJ${body}`.split('.');
      return parts.length === 3 && parts[0]!.length >= 10 && parts[1]!.length >= 10 && parts[1]!.startsWith('eyJ');
    },
  },
];

/**
 * The unlabelled secret access key near an access key id (a CSV credentials line, two values
 * printed together): 40 base64 characters within this many characters after the id. It must
 * mix upper, lower and digit or `/+`, which a 40-hex git SHA never does.
 */
export const AWS_SECRET_PAIR_WINDOW = 200;
export const AWS_SECRET_LENGTH = 40;

/**
 * Names whose value is a secret: the name ends with one of these (case-insensitive), e.g.
 * `OPENAI_API_KEY`, `apiKey`, `client_secret`, `DB_PASSWORD`, `X-Auth-Token`. Plurals
 * (`max_tokens`, `keys`) and longer words (`keyboard`, `tokenizer`) do not end with one.
 * Every name is looked at by its last letter first, and few names end in y, n, t or d
 * followed by a separator; `passphrase` and `credentials` would add e and s, the commonest
 * last letters, for values rarely seen in rollouts, so they are left out.
 */
export const SECRET_NAME_SUFFIXES: readonly { suffix: string; policy: 'password' | 'key' }[] = [
  { suffix: 'key', policy: 'key' },
  { suffix: 'token', policy: 'key' },
  { suffix: 'secret', policy: 'key' },
  { suffix: 'password', policy: 'password' },
  { suffix: 'passwd', policy: 'password' },
  { suffix: 'pwd', policy: 'password' },
];

/**
 * Names ending in `key` that hold no secret: the bare word (`"key": "ArrowUp"`), public keys,
 * database and cache keys, and words that merely end in -key. Compared lowercased with `_`,
 * `-` and `.` removed.
 */
export const NON_SECRET_KEY_NAMES: ReadonlySet<string> = new Set([
  'key', 'publickey', 'pubkey', 'sshpublickey', 'primarykey', 'foreignkey', 'sortkey', 'partitionkey',
  'rangekey', 'hashkey', 'cachekey', 'idempotencykey', 'objectkey', 'bucketkey', 's3key', 'lookupkey',
  'mapkey', 'rowkey', 'uniquekey', 'indexkey', 'translationkey', 'i18nkey', 'hotkey', 'shortcutkey',
  'monkey', 'donkey', 'turkey', 'hockey', 'jockey', 'whiskey', 'keykey',
]);

/** A name that, lowercased with separators removed, ends with this holds an AWS secret key. */
export const AWS_SECRET_NAME_SUFFIX = 'secretaccesskey';

/** Headers whose value is `<scheme> <credentials>`; compared lowercased. */
export const AUTHORIZATION_NAME_SUFFIX = 'authorization';

export type ValuePolicy = { minLength: number; minEntropy: number; minClasses: number };

/**
 * When a value found by its name is a secret. Keys and tokens are machine-made: long, several
 * character classes, high entropy. Passwords are human-made, so shorter and less random
 * values count, but still not `changeme`, a single word or a plain number.
 */
export const VALUE_POLICIES: Readonly<Record<'key' | 'password' | 'bearer', ValuePolicy>> = {
  key: { minLength: 16, minEntropy: 3, minClasses: 2 },
  password: { minLength: 8, minEntropy: 2, minClasses: 2 },
  bearer: { minLength: 16, minEntropy: 3, minClasses: 2 },
};

/** Lowercased substrings that mark a value as a stand-in, not a secret. */
export const PLACEHOLDER_MARKERS: readonly string[] = [
  'your', 'example', 'changeme', 'change_me', 'change-me', 'placeholder', 'dummy', 'redacted',
  'xxxx', '****', '...', 'replace', 'insert', 'sample', 'todo',
];

/** `-----BEGIN … PRIVATE KEY-----` (PKCS#1, PKCS#8, EC, DSA, OpenSSH, encrypted) and PGP key blocks. */
export const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/y;
export const PRIVATE_KEY_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
/** A block longer than this is not one key; the body is then redacted as a run (see private-key.ts). */
export const PRIVATE_KEY_MAX_LENGTH = 65_536;
/** Base64 body lines of a block whose END is missing (truncated output, `head id_rsa`). */
export const PRIVATE_KEY_BODY = /(?:(?:\r?\n|\\r\\n|\\n)[A-Za-z0-9+/=]+)*/y;

/** The credentials after `Bearer ` (RFC 6750 b64token). */
export const BEARER_CREDENTIALS = /[A-Za-z0-9._~+/-]*=*/y;
/** The credentials after `Basic `: base64 of `user:password`. */
export const BASIC_CREDENTIALS = /[A-Za-z0-9+/]*={0,2}/y;

/** userinfo of `scheme://user:password@host`: at most this long, without whitespace or quotes. */
export const URL_USERINFO_MAX = 256;

/** `https://hooks.slack.com/services/T…/B…/…` and the workflow and trigger variants. */
export const SLACK_WEBHOOK_HOST = 'hooks.slack.com/';
export const SLACK_WEBHOOK_PATH = /(?:services|workflows|triggers)\/[A-Za-z0-9_/-]*/y;
