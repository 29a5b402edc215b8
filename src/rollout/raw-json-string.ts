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

/** The first byte of the string's text (escaped or decoded: the same unless it is a `\`). */
export function firstRawByte(raw: RawJsonString): number | undefined {
  return (raw.utf8 ?? raw.json)[0];
}

const OUTPUT_MARKER = Buffer.from('\\nOutput:\\n');
/** What `headerOf` in replay/tool-output.ts looks at when the text has no output marker. */
const HEADER_CHARS = 512;
/** A UTF-16 unit takes at most 6 bytes of escaped text (`\u00xx`), so this many bytes decode to at least HEADER_CHARS units. */
const HEADER_BYTES = HEADER_CHARS * 6;

/**
 * Text with the same exec-output header as the raw string, for reading exit codes
 * (replay/tool-output.ts `parseExecOutput`): the decoded text up to and including the
 * first `\nOutput:\n`, or, when there is none, the first 512 characters. Decodes a few
 * hundred bytes instead of the whole output.
 */
export function readRawHeader(raw: RawJsonString): string {
  const { header, hasMarker } = readRawHeaderParts(raw);
  return hasMarker ? `${header}\nOutput:\n` : header;
}

/** What `headerOf` in replay/tool-output.ts returns for the decoded text, and whether it found the marker. */
export function readRawHeaderParts(raw: RawJsonString): { header: string; hasMarker: boolean } {
  if (raw.utf8) return readDecodedHeaderParts(raw.utf8);
  const json = raw.json;
  for (let at = json.indexOf(OUTPUT_MARKER); at !== -1; at = json.indexOf(OUTPUT_MARKER, at + 1)) {
    // `\\nOutput` is an escaped backslash followed by "nOutput", not a newline.
    if (precedingBackslashes(json, at) % 2 === 0) return { header: decodeRawJsonString({ json: json.subarray(0, at) }), hasMarker: true };
  }
  const prefix = json.length <= HEADER_BYTES ? raw : { json: json.subarray(0, safeCut(json, HEADER_BYTES)) };
  return { header: decodeRawJsonString(prefix).slice(0, HEADER_CHARS), hasMarker: false };
}

const DECODED_OUTPUT_MARKER = Buffer.from('\nOutput:\n');
/** Bytes that hold at least HEADER_CHARS UTF-16 units of decoded text (at most 3 bytes each). */
const DECODED_HEADER_BYTES = HEADER_CHARS * 3;

/** readRawHeaderParts for decoded text. */
function readDecodedHeaderParts(utf8: Buffer): { header: string; hasMarker: boolean } {
  const at = utf8.indexOf(DECODED_OUTPUT_MARKER);
  if (at !== -1) return { header: utf8.toString('utf8', 0, at), hasMarker: true };
  // A sequence cut at the end decodes to U+FFFD after the first HEADER_CHARS units, which are whole.
  return { header: utf8.toString('utf8', 0, Math.min(utf8.length, DECODED_HEADER_BYTES)).slice(0, HEADER_CHARS), hasMarker: false };
}

const ESCAPED_OUTPUT_KEY = Buffer.from('\\"output\\"');
const ESCAPED_UNICODE_ESCAPE = Buffer.from('\\\\u');

/**
 * False when the decoded text cannot be JSON with an `output` key: it would hold `"output"`
 * (raw `\"output\"`) or spell the key with `\u` escapes (raw `\\u`). Lets a tool output
 * that starts with `{` but is not the exec JSON form skip a whole decode and parse.
 */
export function mayHoldOutputKey(raw: RawJsonString): boolean {
  if (raw.utf8) return raw.utf8.includes('"output"') || raw.utf8.includes('\\u');
  return raw.json.includes(ESCAPED_OUTPUT_KEY) || raw.json.includes(ESCAPED_UNICODE_ESCAPE);
}

function precedingBackslashes(bytes: Uint8Array, at: number): number {
  let count = 0;
  while (at - count - 1 >= 0 && bytes[at - count - 1] === BACKSLASH) count++;
  return count;
}

/** The largest cut at or before `limit` that splits neither an escape nor a UTF-8 sequence. */
function safeCut(bytes: Uint8Array, limit: number): number {
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

const RAW_FIELDS = Symbol('rawJsonFields');
type WithRawFields = { [RAW_FIELDS]?: Map<string, RawJsonString> };

/**
 * Makes `object[key]` a string backed by raw JSON text: decoded on first read (so any
 * consumer sees an ordinary string), while serializers that know about raw fields
 * (rawStringFieldsOf) write the text as it is. The key keeps its place in the object.
 */
export function defineRawStringField(object: object, key: string, raw: RawJsonString): void {
  Object.defineProperty(object, key, {
    configurable: true,
    enumerable: true,
    get(this: object) {
      const value = decodeRawJsonString(raw);
      Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      (this as WithRawFields)[RAW_FIELDS]?.delete(key);
      return value;
    },
  });
  const holder = object as WithRawFields;
  (holder[RAW_FIELDS] ??= new Map()).set(key, raw);
}

/** The raw-backed string fields of an object that were not decoded yet (undefined: none). */
export function rawStringFieldsOf(object: object): ReadonlyMap<string, RawJsonString> | undefined {
  const fields = (object as WithRawFields)[RAW_FIELDS];
  return fields && fields.size > 0 ? fields : undefined;
}

/** A shallow copy with the raw-backed fields set to "" (nothing decoded), keys in the same order. */
export function copyWithoutRawStrings<T extends object>(object: T, fields: ReadonlyMap<string, RawJsonString>): T {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) copy[key] = fields.has(key) ? '' : (object as Record<string, unknown>)[key];
  return copy as T;
}
