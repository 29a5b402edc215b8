/** The character mix and randomness of a string, for the shape checks of patterns and values. */

const LOWER = 1;
const UPPER = 2;
const DIGIT = 4;
const OTHER = 8;

/** Bit set of the character classes in `value`: lower, upper, digit, other. */
function charClassMask(value: string): number {
  let mask = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) mask |= LOWER;
    else if (c >= 0x41 && c <= 0x5a) mask |= UPPER;
    else if (c >= 0x30 && c <= 0x39) mask |= DIGIT;
    else mask |= OTHER;
  }
  return mask;
}

export function countCharClasses(value: string): number {
  const mask = charClassMask(value);
  return (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1) + ((mask >> 3) & 1);
}

export function hasUpperLowerDigit(value: string): boolean {
  return (charClassMask(value) & (LOWER | UPPER | DIGIT)) === (LOWER | UPPER | DIGIT);
}

export function hasUpperAndLower(value: string): boolean {
  return (charClassMask(value) & (LOWER | UPPER)) === (LOWER | UPPER);
}

export function hasLetterAndDigit(value: string): boolean {
  const mask = charClassMask(value);
  return (mask & DIGIT) !== 0 && (mask & (LOWER | UPPER)) !== 0;
}

const counts = new Uint32Array(128);

/** Shannon entropy in bits per character (non-ASCII characters count as one symbol). */
export function measureEntropy(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[value.charCodeAt(i) & 0x7f]!++;
  let bits = 0;
  for (let c = 0; c < 128; c++) {
    const k = counts[c]!;
    if (k !== 0) bits -= (k / n) * Math.log2(k / n);
  }
  return bits;
}
