import { describe, expect, it } from 'vitest';
import { redactText, type RedactionCounts } from '../../src/redact/redact.js';
import { ALNUM, BASE64, fakeChars, seedFakes } from './fake-secrets.js';

seedFakes(202);
const value = fakeChars(ALNUM, 32);
const aws = fakeChars(BASE64, 40);
const P = '[REDACTED:secret_assignment]';

describe('values assigned to secret names', () => {
  const cases: [string, string, string][] = [
    ['env file', `FOO_KEY=${value}`, `FOO_KEY=${P}`],
    ['env file, quoted', `SERVICE_TOKEN="${value}"\nNEXT=1`, `SERVICE_TOKEN="${P}"\nNEXT=1`],
    ['shell export', `export DEPLOY_TOKEN="${value}"`, `export DEPLOY_TOKEN="${P}"`],
    ['shell export, single quotes', `export CLIENT_SECRET='${value}'`, `export CLIENT_SECRET='${P}'`],
    ['ini with spaces', `api_key = ${value}`, `api_key = ${P}`],
    ['JSON', `{"api_key": "${value}", "model": "gpt"}`, `{"api_key": "${P}", "model": "gpt"}`],
    ['compact JSON, camelCase', `{"apiKey":"${value}"}`, `{"apiKey":"${P}"}`],
    ['JSON inside a decoded string', `{\\"client_secret\\": \\"${value}\\"}`, `{\\"client_secret\\": \\"${P}\\"}`],
    ['YAML', `auth:\n  secret: ${value}\n  user: bob`, `auth:\n  secret: ${P}\n  user: bob`],
    ['YAML, quoted', `  access_token: "${value}"`, `  access_token: "${P}"`],
    ['HTTP header', `X-Api-Key: ${value}`, `X-Api-Key: ${P}`],
    ['Go', `token := "${value}"`, `token := "${P}"`],
    ['PHP array', `'api_key' => '${value}',`, `'api_key' => '${P}',`],
    ['TOML', `password = "S3cure!Passw0rd"`, `password = "${P}"`],
    ['password with symbols', `DB_PASSWORD=p4ss-W0rd-x`, `DB_PASSWORD=${P}`],
    ['bare password name', `password: hunter2-hunter2`, `password: ${P}`],
    ['base64 with padding', `SIGNING_SECRET=${fakeChars(BASE64, 42)}==`, `SIGNING_SECRET=${P}`],
  ];
  it.each(cases)('%s', (_label, input, expected) => {
    const counts: RedactionCounts = {};
    expect(redactText(input, counts)).toBe(expected);
    expect(counts).toEqual({ secret_assignment: 1 });
  });

  it('names the AWS secret access key by its name', () => {
    for (const input of [`AWS_SECRET_ACCESS_KEY=${aws}`, `aws_secret_access_key = ${aws}`, `"SecretAccessKey": "${aws}"`]) {
      const counts: RedactionCounts = {};
      expect(redactText(input, counts)).toBe(input.replace(aws, '[REDACTED:aws_secret_access_key]'));
      expect(counts).toEqual({ aws_secret_access_key: 1 });
    }
  });

  it('names a value by its own shape when it has one', () => {
    const key = `sk-proj-${fakeChars(ALNUM, 64)}`;
    const counts: RedactionCounts = {};
    expect(redactText(`OPENAI_API_KEY=${key}`, counts)).toBe('OPENAI_API_KEY=[REDACTED:openai_api_key]');
    expect(counts).toEqual({ openai_api_key: 1 });
  });

  it('replaces each of several assignments on one line', () => {
    const other = fakeChars(ALNUM, 24);
    expect(redactText(`API_KEY=${value} APP_SECRET=${other} DEBUG=1`)).toBe(`API_KEY=${P} APP_SECRET=${P} DEBUG=1`);
  });
});

describe('values left alone', () => {
  const cases: [string, string][] = [
    // Decision: a value found only by its name must look like a secret. Empty values,
    // references, placeholders, single words, plain numbers and passwords under 8
    // characters stay: a typical .env.example or docker-compose file is not a leak, and
    // redacting every `PASSWORD=` would hide what the agent was doing.
    ['placeholder password', 'PASSWORD=changeme'],
    ['empty values', 'PASSWORD=\nAPI_KEY=\nTOKEN=""'],
    ['empty value then another assignment', 'PASSWORD= API_KEY=${API_KEY}'],
    ['references', 'PASSWORD=${DB_PASSWORD} API_KEY=$API_KEY TOKEN=$(cat token.txt) SECRET=%SECRET%'],
    ['GitHub Actions expression', 'GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}'],
    ['your-api-key-here', 'OPENAI_API_KEY=your-api-key-here'],
    ['angle-bracket placeholder', 'api_key: <YOUR_API_KEY>'],
    ['masked values', '"password": "********", "api_key": "xxxxxxxxxxxxxxxxxxxx"'],
    ['example values', `"api_key": "example-${fakeChars(ALNUM, 20)}"`],
    ['short password', 'password=hunter2'],
    ['single-word password', 'DB_PASSWORD=postgres'],
    ['numeric password', 'PASSWORD=12345678'],
    ['token counts', '"max_tokens": 4096, "input_tokens": 1234, "total_token_usage": {"output_tokens": 99}'],
    ['plural and longer names', 'KEYS=a,b keyboard=us tokenizer=cl100k_base'],
    ['the bare word key', `{"key": "ArrowUp", "key": "${fakeChars(ALNUM, 24)}"}`],
    ['public and database keys', `"public_key": "${fakeChars(BASE64, 44)}", primary_key = "${fakeChars(ALNUM, 20)}"`],
    ['UUID', 'idempotency_token: 123e4567-e89b-12d3-a456-426614174000'],
    ['paths', 'TOKEN_PATH=/home/user/.config/token.json "token_file": "config/v2/token.json" SSH_KEY=~/.ssh/id_ed25519'],
    ['URL', 'JWKS_KEY=https://example.com/.well-known/jwks.json'],
    ['code: member access', 'const apiKey = config.openaiApiKey;'],
    ['code: calls', 'let token = getToken(); secret = os.environ["SECRET"]; api_key = args.api_key or os.getenv("KEY")'],
    ['code: types', 'password: string; token?: TokenType; apiKey: z.string().min(8)'],
    ['code: comparison', `if token == "${value}": pass`],
    ['code: Rust paths', 'Token::Ident(name) => key::KeyCode::Enter'],
    ['code: format strings', 'raise ValueError(f"bad countToken: {result_record!r}")'],
    ['already redacted', `API_KEY=${P}`],
  ];
  it.each(cases)('%s', (_label, input) => {
    expect(redactText(input)).toBe(input);
  });
});
