/**
 * A JSON string kept as the escaped text it had in the input, for values that pass
 * through to the output unchanged (tool outputs: most of a rollout's bytes). The
 * text is canonical, meaning exactly what JSON.stringify would write for the
 * decoded string, so writing it back is byte-identical to decoding and re-encoding
 * it, without doing either.
 */

/**
 * A string kept out of the JS heap, in one of two forms:
 * - `json`: its escaped JSON text, without the quotes, canonical (below): text outputs
 *   write it back as it is;
 * - `utf8`: the decoded string as UTF-8 bytes (json-string-utf8.ts): the Arrow output
 *   copies it into a column as it is.
 */
export type RawJsonString = { readonly json: Buffer; readonly utf8?: undefined } | { readonly utf8: Buffer; readonly json?: undefined };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Byte classes for the scan: the escapes JSON.stringify writes itself are `\"`, `\\`,
 * `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00xx` (lowercase hex) for the other control
 * characters. Codex writes rollouts with serde_json, which escapes the same way; text
 * escaped any other way (`\/`, `\u0041`, surrogate escapes) is not canonical and is
 * decoded the ordinary way instead.
 */
const ORDINARY = 0;
const CLOSING_QUOTE = 1;
const ESCAPE = 2;
const CONTROL = 3;
const BYTE_CLASS = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) BYTE_CLASS[c] = CONTROL;
BYTE_CLASS[QUOTE] = CLOSING_QUOTE;
BYTE_CLASS[BACKSLASH] = ESCAPE;
const SHORT_ESCAPE = new Uint8Array(256);
for (const c of [QUOTE, BACKSLASH, 0x62, 0x66, 0x6e, 0x72, 0x74]) SHORT_ESCAPE[c] = 1;
const SHORT_ESCAPED_CONTROLS = new Set([0x08, 0x0c, 0x0a, 0x0d, 0x09]);

/**
 * Scans the JSON string whose text starts at `start` (just after its opening quote).
 * Returns the index of its closing quote when it has only canonical escapes and no raw
 * control character (UTF-8 validity is the caller's to check); otherwise, or when the
 * string does not end in `bytes`, -1.
 */
export function scanCanonicalString(bytes: Uint8Array, start: number): number {
  const n = bytes.length;
  // Tool outputs are runs of ordinary text between escapes (in the benchmark corpus one
  // escape per 21 bytes, mostly `\n`): runs are skipped eight bytes at a time, read as two
  // 32-bit words from any offset (a DataView needs no alignment, so there is no byte-wise
  // walk to the next aligned word after each escape; 1.35 -> 1.18 ns/byte on the corpus'
  // outputs), and only the word holding a special byte (a control byte, `"` or `\\`) is
  // read byte by byte.
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const lastWordPair = n - 8;
  let i = start;
  while (i < n) {
    while (i <= lastWordPair) {
      if (hasSpecialByte(view.getInt32(i, true))) break;
      if (hasSpecialByte(view.getInt32(i + 4, true))) {
        i += 4;
        break;
      }
      i += 8;
    }
    const kind = BYTE_CLASS[bytes[i]!];
    if (kind === ORDINARY) {
      i++;
      continue;
    }
    if (kind === CLOSING_QUOTE) return i;
    if (kind === CONTROL) return -1;
    const escaped = bytes[i + 1];
    if (escaped === 0x75) {
      if (!isCanonicalUnicodeEscape(bytes, i + 2)) return -1;
      i += 6;
    } else {
      if (escaped === undefined || SHORT_ESCAPE[escaped] !== 1) return -1;
      i += 2;
    }
  }
  return -1;
}


/**
 * Whether any byte of a 4-byte word is below 0x20, `"` or `\\` (the classic SWAR tests:
 * `(w - 0x01..) & ~w & 0x80..` flags a zero byte, exactly; XOR with a repeated byte turns
 * "equals" into "is zero"). Bytes of 0x80 and above never count.
 */
export function hasSpecialByte(w: number): boolean {
  const quote = w ^ 0x22222222;
  const backslash = w ^ 0x5c5c5c5c;
  return ((((w - 0x20202020) & ~w) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash)) & 0x80808080) !== 0;
}

/** `\u00xx` for a control character that has no short escape, in lowercase hex. */
function isCanonicalUnicodeEscape(bytes: Uint8Array, at: number): boolean {
  if (at + 4 > bytes.length || bytes[at] !== 0x30 || bytes[at + 1] !== 0x30) return false;
  const high = bytes[at + 2]!;
  const low = bytes[at + 3]!;
  if (high !== 0x30 && high !== 0x31) return false;
  const lowValue = low >= 0x30 && low <= 0x39 ? low - 0x30 : low >= 0x61 && low <= 0x66 ? low - 0x61 + 10 : -1;
  if (lowValue < 0) return false;
  return !SHORT_ESCAPED_CONTROLS.has((high - 0x30) * 16 + lowValue);
}

/** The decoded string (only when a consumer needs the value itself). */
export function decodeRawJsonString(raw: RawJsonString): string {
  if (raw.utf8) return raw.utf8.toString('utf8');
  return JSON.parse(`"${raw.json.toString('utf8')}"`) as string;
}

/**
 * For JSON text holding a raw string as the value of `field`, without decoding it: the
 * caller's `serialize` writes the value with that field as `""`, and the raw JSON text goes
 * between the quotes. The first `"field":""` (or `"field": ""`, pretty-printed) is the field
 * itself, since a JSON string cannot hold an unescaped quote. Decoded bytes (no JSON text)
 * are decoded and serialized as usual.
 */
export function createRawStringSplicer(field: string): (raw: RawJsonString, serialize: (value: string) => string) => (string | Uint8Array)[] {
  const compact = `"${field}":""`;
  const spaced = `"${field}": ""`;
  return (raw, serialize) => {
    if (raw.json) {
      const text = serialize('');
      let at = text.indexOf(compact);
      let split = at + compact.length - 1;
      if (at === -1) {
        at = text.indexOf(spaced);
        split = at + spaced.length - 1;
      }
      if (at !== -1) return [text.slice(0, split), raw.json, text.slice(split)];
    }
    return [serialize(decodeRawJsonString(raw))];
  };
}

/** The first byte of the string's text (escaped or decoded: the same unless it is a `\`). */
export function firstRawByte(raw: RawJsonString): number | undefined {
  return (raw.utf8 ?? raw.json)[0];
}

/** How many backslashes stand right before `at` (an odd count escapes the byte at `at`). */
export function precedingBackslashes(bytes: Uint8Array, at: number): number {
  let count = 0;
  while (at - count - 1 >= 0 && bytes[at - count - 1] === BACKSLASH) count++;
  return count;
}

/** The largest cut at or before `limit` that splits neither an escape nor a UTF-8 sequence. */
export function safeCut(bytes: Uint8Array, limit: number): number {
  let cut = 0;
  for (let i = 0; i < limit; ) {
    cut = i;
    const c = bytes[i]!;
    if (c === BACKSLASH) i += bytes[i + 1] === 0x75 ? 6 : 2;
    else if (c < 0x80) i += 1;
    else if (c < 0xe0) i += 2;
    else if (c < 0xf0) i += 3;
    else i += 4;
    if (i <= limit) cut = i;
  }
  return cut;
}

/** Whether a value is a RawJsonString (a string field whose text was kept raw), not an ordinary value. */
export function isRawJsonString(value: unknown): value is RawJsonString {
  if (typeof value !== 'object' || value === null) return false;
  const { json, utf8 } = value as { json?: unknown; utf8?: unknown };
  return Buffer.isBuffer(json) !== Buffer.isBuffer(utf8);
}
