import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactJsonText, redactText } from '../../src/redact/redact.js';
import { BASE64, fakeChars, HEX, seedFakes } from './fake-secrets.js';

seedFakes(505);
const sha = () => fakeChars(HEX, 40);

/** What commands print in rollouts, with nothing secret in it. */
const OUTPUTS: [string, string][] = [
  [
    'git log',
    [1, 2, 3]
      .map((n) => `commit ${sha()}\nAuthor: Dev Person <dev@example.com>\nDate:   Mon Nov 3 10:0${n}:00 2025 +0100\n\n    fix(parser): handle token_count events (#12${n})\n`)
      .join('\n'),
  ],
  ['git log --oneline and rev-parse', `${sha().slice(0, 7)} refactor: key lookup\n${sha().slice(0, 7)} feat: add api_key option\n${sha()}\nHEAD -> main, origin/main`],
  ['git diff', `diff --git a/src/auth.ts b/src/auth.ts\nindex 3f2a1b4..9c8d7e6 100644\n--- a/src/auth.ts\n+++ b/src/auth.ts\n@@ -1,4 +1,5 @@\n-const token = readToken();\n+const token = await readToken(path);\n+export const API_KEY_ENV = 'OPENAI_API_KEY';`],
  ['npm ls', 'rollout-kit@0.1.0 /repo\n├── @types/node@20.19.43\n├─┬ eslint@9.39.5\n│ └── @eslint/js@9.39.5\n├── typescript-eslint@8.73.0\n└── zod@4.6.7 deduped'],
  [
    'package-lock.json',
    JSON.stringify(
      {
        'node_modules/zod': {
          version: '4.6.7',
          resolved: 'https://registry.npmjs.org/zod/-/zod-4.6.7.tgz',
          integrity: `sha512-${fakeChars(BASE64, 86)}==`,
          license: 'MIT',
        },
        'node_modules/@secretlint/types': { version: '13.0.7', integrity: `sha512-${fakeChars(BASE64, 86)}==`, dev: true },
      },
      null,
      2,
    ),
  ],
  ['yarn.lock', `"js-tokens@^4.0.0":\n  version "4.0.0"\n  resolved "https://registry.yarnpkg.com/js-tokens/-/js-tokens-4.0.0.tgz#${sha()}"\n  integrity sha512-${fakeChars(BASE64, 86)}==`],
  ['image data URL', `<img src="data:image/png;base64,${fakeChars(BASE64, 4000)}==" alt="chart">`],
  ['UUIDs and call ids', 'session 0199a1fc-c6a8-7b72-b84c-a5718211d31c call_id: call_1b2c3d4e5f6a7b8c9d0e1f2a turn 123e4567-e89b-12d3-a456-426614174000'],
  ['docker ps', `CONTAINER ID   IMAGE          COMMAND                  STATUS\n${sha().slice(0, 12)}   postgres:16    "docker-entrypoint.s…"   Up 2 hours\n`],
  ['ls -la', 'drwxr-xr-x  5 dev dev  4096 Nov  3 10:00 .\n-rw-r--r--  1 dev dev   220 Nov  3 10:00 .env.example\n-rw-------  1 dev dev  1675 Nov  3 10:00 id_rsa'],
  ['.env.example', 'OPENAI_API_KEY=\nANTHROPIC_API_KEY=your-key-here\nDATABASE_URL=postgres://user:password@localhost:5432/app\nPASSWORD=changeme\nPORT=3000'],
  ['pytest', '============ test session starts ============\ntests/test_tokens.py::test_max_tokens PASSED [ 50%]\ntests/test_auth.py::test_bearer_header PASSED [100%]\n============ 2 passed in 0.12s ============'],
  ['TypeScript source', 'export function readApiKey(env: NodeJS.ProcessEnv): string | undefined {\n  const apiKey = env.OPENAI_API_KEY ?? env.API_KEY;\n  return apiKey?.trim();\n}\nconst headers = { Authorization: `Bearer ${apiKey}` };'],
  ['Python source', 'def get_secret(name: str) -> str:\n    secret = os.environ.get(name)\n    token = secret or keyring.get_password("svc", name)\n    return token'],
  ['config YAML', 'database:\n  host: localhost\n  password: ${DB_PASSWORD}\nsecrets:\n  api_key: !vault api/key\ntokenizer: cl100k_base\nmax_tokens: 4096'],
  ['hashes', `sha256:${fakeChars(HEX, 64)}  bundle.js\nmd5 ${fakeChars(HEX, 32)}\nETag: "${fakeChars(HEX, 32)}"`],
  ['base64 blob in JSON', JSON.stringify({ content: fakeChars(BASE64, 2000), encoding: 'base64' })],
];

describe('realistic rollout text without secrets', () => {
  it.each(OUTPUTS)('%s is unchanged', (_label, text) => {
    expect(redactText(text)).toBe(text);
    const json = JSON.stringify(text);
    expect(redactJsonText(json)).toBe(json);
  });

  it('changes nothing in the real rollouts of fixtures/', () => {
    const root = path.join(import.meta.dirname, '../../fixtures');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl')).sort();
    expect(files.length).toBeGreaterThan(100);
    let strings = 0;
    for (const file of files) {
      for (const line of readFileSync(path.join(root, file), 'utf8').split('\n')) {
        expect(redactJsonText(line)).toBe(line);
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          continue;
        }
        const visit = (v: unknown): void => {
          if (typeof v === 'string') {
            strings++;
            expect(redactText(v)).toBe(v);
          } else if (v !== null && typeof v === 'object') for (const child of Object.values(v)) visit(child);
        };
        visit(value);
      }
    }
    expect(strings).toBeGreaterThan(10_000);
  });
});
