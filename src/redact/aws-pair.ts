import { AWS_SECRET_LENGTH, AWS_SECRET_PAIR_WINDOW } from './patterns.js';
import { isEscapeLetterAt } from './text-chars.js';
import { hasUpperAndLower } from './value-shape.js';

function isBase64Code(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
}

/**
 * The secret access key printed after an access key id without a name of its own: the first
 * run of exactly 40 base64 characters within the window after `from` that mixes upper and
 * lower case with a digit, `/` or `+`.
 */
export function findAwsSecretAfter(text: string, from: number): { start: number; end: number } | undefined {
  const stop = Math.min(text.length, from + AWS_SECRET_PAIR_WINDOW);
  let i = from;
  while (i < stop) {
    if (!isBase64Code(text.charCodeAt(i))) {
      i++;
      continue;
    }
    // `\n` before the run in JSON-escaped text: the escape's letter is not part of it.
    if (isEscapeLetterAt(text, i)) i++;
    const start = i;
    while (i < text.length && isBase64Code(text.charCodeAt(i))) i++;
    if (i - start !== AWS_SECRET_LENGTH || text.charCodeAt(i) === 0x3d /* = */) continue;
    const value = text.slice(start, i);
    if (hasUpperAndLower(value) && /[0-9/+]/.test(value)) return { start, end: i };
  }
  return undefined;
}
