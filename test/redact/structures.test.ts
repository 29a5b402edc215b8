import { describe, expect, it } from 'vitest';
import { redactText, type RedactionCounts } from '../../src/redact/redact.js';
import { ALNUM, BASE64, fakeChars, fakeJwt, fakePrivateKey, seedFakes, UPPER_DIGITS } from './fake-secrets.js';

seedFakes(303);

describe('private key blocks', () => {
  const labels = ['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK'];
  it.each(labels)('%s: the whole block, BEGIN through END, becomes one placeholder', (label) => {
    const block = fakePrivateKey(label, 5);
    const counts: RedactionCounts = {};
    expect(redactText(`$ cat key.pem\n${block}\n$ echo done`, counts)).toBe('$ cat key.pem\n[REDACTED:private_key]\n$ echo done');
    expect(counts).toEqual({ private_key: 1 });
  });

  it('handles CRLF line ends and two blocks in one text', () => {
    const text = `${fakePrivateKey('RSA PRIVATE KEY', 3, '\r\n')}\r\nand\r\n${fakePrivateKey('PRIVATE KEY', 2, '\r\n')}`;
    expect(redactText(text)).toBe('[REDACTED:private_key]\r\nand\r\n[REDACTED:private_key]');
  });

  it('redacts the header and base64 lines of a block cut short', () => {
    const lines = [fakeChars(BASE64, 64), fakeChars(BASE64, 64)];
    const text = `$ head -3 id_rsa\n-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n$ ls`;
    expect(redactText(text)).toBe('$ head -3 id_rsa\n[REDACTED:private_key]\n$ ls');
  });

  it('leaves certificates and public keys alone', () => {
    const text = [fakePrivateKey('CERTIFICATE', 3), fakePrivateKey('PUBLIC KEY', 2), fakePrivateKey('RSA PUBLIC KEY', 2)].join('\n');
    expect(redactText(text)).toBe(text);
  });
});

describe('passwords in URLs', () => {
  const cases: [string, string, string][] = [
    ['postgres', 'postgres://admin:Hunter2xyz@db.internal:5432/app', 'postgres://admin:[REDACTED:url_password]@db.internal:5432/app'],
    ['empty user', 'redis://:s3cretpass@cache:6379/0', 'redis://:[REDACTED:url_password]@cache:6379/0'],
    ['scheme with +', 'mongodb+srv://app:pa55word9@cluster0.example.net/db?retryWrites=true', 'mongodb+srv://app:[REDACTED:url_password]@cluster0.example.net/db?retryWrites=true'],
    ['@ inside the password', 'amqp://guest:p@ss@rabbit:5672', 'amqp://guest:[REDACTED:url_password]@rabbit:5672'],
    ['in quotes', 'DATABASE_URL="mysql://root:toor1234@localhost/test"', 'DATABASE_URL="mysql://root:[REDACTED:url_password]@localhost/test"'],
    ['git remote with a token', `https://oauth2:${fakeChars(ALNUM, 20)}@gitlab.example.com/group/repo.git`, 'https://oauth2:[REDACTED:url_password]@gitlab.example.com/group/repo.git'],
  ];
  it.each(cases)('%s: keeps scheme, user and host', (_label, input, expected) => {
    const counts: RedactionCounts = {};
    expect(redactText(input, counts)).toBe(expected);
    expect(counts).toEqual({ url_password: 1 });
  });

  it('names a token used as the password by its shape', () => {
    const token = `ghp_${fakeChars(ALNUM, 36)}`;
    expect(redactText(`https://x-access-token:${token}@github.com/org/repo`)).toBe('https://x-access-token:[REDACTED:github_token]@github.com/org/repo');
  });

  const misses = [
    'http://localhost:8080/path?q=1#frag',
    'git@github.com:org/repo.git ssh://git@github.com:22/org/repo',
    'https://user@host.example.com/x',
    'postgres://user:password@localhost:5432/db',
    'postgres://user:${DB_PASSWORD}@db/app',
    'https://example.com/@scope/package:1.0.0',
    'see https://example.com:443/a:b@c',
  ];
  it.each(misses)('leaves %s alone', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('Authorization headers', () => {
  const opaque = fakeChars(ALNUM, 40);
  const basic = Buffer.from('alice:s3cr3t-pw').toString('base64');
  const cases: [string, string, string, string][] = [
    ['bearer token', `Authorization: Bearer ${opaque}`, 'Authorization: Bearer [REDACTED:bearer_token]', 'bearer_token'],
    ['curl', `curl -H "Authorization: Bearer ${opaque}" https://api.example.com`, 'curl -H "Authorization: Bearer [REDACTED:bearer_token]" https://api.example.com', 'bearer_token'],
    ['lower case (HTTP/2)', `authorization: bearer ${opaque}`, 'authorization: bearer [REDACTED:bearer_token]', 'bearer_token'],
    ['JSON headers', `{"Authorization": "Bearer ${opaque}"}`, '{"Authorization": "Bearer [REDACTED:bearer_token]"}', 'bearer_token'],
    ['Bearer alone', `token type Bearer ${opaque}`, 'token type Bearer [REDACTED:bearer_token]', 'bearer_token'],
    ['JWT', `Authorization: Bearer ${fakeJwt()}`, 'Authorization: Bearer [REDACTED:jwt]', 'jwt'],
    ['API key', `Authorization: Bearer sk-${fakeChars(ALNUM, 48)}`, 'Authorization: Bearer [REDACTED:openai_api_key]', 'openai_api_key'],
    ['basic', `Authorization: Basic ${basic}`, 'Authorization: Basic [REDACTED:basic_auth]', 'basic_auth'],
    ['basic alone', `> Basic ${basic}`, '> Basic [REDACTED:basic_auth]', 'basic_auth'],
  ];
  it.each(cases)('%s: keeps the scheme, replaces the credentials', (_label, input, expected, kind) => {
    const counts: RedactionCounts = {};
    expect(redactText(input, counts)).toBe(expected);
    expect(counts).toEqual({ [kind]: 1 });
  });

  const misses = [
    'Authorization: Bearer $OPENAI_API_KEY',
    'Authorization: Bearer ${TOKEN}',
    'Authorization: Bearer <token>',
    'Authorization: Bearer YOUR_TOKEN_HERE_PLEASE',
    'Basic usage: run the command. Basic authentication needs a user.',
    'Bearer tokens are described in RFC 6750.',
    'Authorization: Basic dGhpcyBpcyBub3Q=',
  ];
  it.each(misses)('leaves %s alone', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('AWS access key pairs', () => {
  const id = `AKIA${fakeChars(UPPER_DIGITS, 16)}`;
  const secret = fakeChars(BASE64, 40);

  it('redacts the secret printed after the id without a name', () => {
    const counts: RedactionCounts = {};
    const csv = `User name,Access key ID,Secret access key\ndeploy,${id},${secret}\n`;
    expect(redactText(csv, counts)).toBe('User name,Access key ID,Secret access key\ndeploy,[REDACTED:aws_access_key_id],[REDACTED:aws_secret_access_key]\n');
    expect(counts).toEqual({ aws_access_key_id: 1, aws_secret_access_key: 1 });
  });

  it('redacts a credentials file', () => {
    const text = `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\nregion = us-east-1`;
    expect(redactText(text)).toBe('[default]\naws_access_key_id = [REDACTED:aws_access_key_id]\naws_secret_access_key = [REDACTED:aws_secret_access_key]\nregion = us-east-1');
  });

  it('leaves a git SHA or a path after the id alone', () => {
    const sha = fakeChars('0123456789abcdef', 40);
    expect(redactText(`${id} ${sha} src/some/long/path/to/a/file_name_here.ts`)).toBe(`[REDACTED:aws_access_key_id] ${sha} src/some/long/path/to/a/file_name_here.ts`);
  });

  it('does not look further than the window after the id', () => {
    const text = `${id}\n${'filler text '.repeat(30)}\n${secret}`;
    expect(redactText(text)).toBe(text.replace(id, '[REDACTED:aws_access_key_id]'));
  });
});

describe('Slack webhooks', () => {
  it('keeps the host and redacts the secret path', () => {
    const url = `https://hooks.slack.com/services/T${fakeChars(UPPER_DIGITS, 8)}/B${fakeChars(UPPER_DIGITS, 10)}/${fakeChars(ALNUM, 24)}`;
    const counts: RedactionCounts = {};
    expect(redactText(`curl -X POST ${url} -d @msg.json`, counts)).toBe('curl -X POST https://hooks.slack.com/services/[REDACTED:slack_webhook] -d @msg.json');
    expect(counts).toEqual({ slack_webhook: 1 });
  });

  it('leaves the documentation URL alone', () => {
    const text = 'see https://hooks.slack.com/services/ and https://api.slack.com/messaging/webhooks';
    expect(redactText(text)).toBe(text);
  });
});
