/**
 * Fake secrets built at run time from a seeded generator: realistic in shape, never real, and
 * never spelled out in the repository (so no scanner mistakes the tests for a leak).
 */
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BASE64URL = `${ALNUM}-_`;
export const BASE64 = `${ALNUM}+/`;
export const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const HEX = '0123456789abcdef';

let state = 0x2545f491;

/** Restarts the generator, so each test file gets the same fakes on every run. */
export function seedFakes(seed: number): void {
  state = seed >>> 0 || 1;
}

function nextRandom(): number {
  // xorshift32
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state;
}

/** `length` characters from `alphabet`, with at least one upper, lower and digit when it has them. */
export function fakeChars(alphabet: string, length: number): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[nextRandom() % alphabet.length];
    const wants = [/[A-Z]/, /[a-z]/, /[0-9]/].filter((re) => re.test(alphabet));
    if (length < 8 || wants.every((re) => re.test(out))) return out;
  }
}

export function fakeJwt(): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ sub: fakeChars(HEX, 12), iat: 1_700_000_000 })).toString('base64url');
  return `${header}.${payload}.${fakeChars(BASE64URL, 43)}`;
}

/** A PEM private key block of `lines` base64 lines of 64 characters, joined by `newline`. */
export function fakePrivateKey(label: string, lines: number, newline = '\n'): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) body.push(fakeChars(BASE64, 64));
  return [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join(newline);
}
