/**
 * A JSON string kept as the escaped text it had in the input, for values that pass
 * through to the output unchanged (tool outputs: most of a rollout's bytes). The
 * text is canonical, meaning exactly what JSON.stringify would write for the
 * decoded string, so writing it back is byte-identical to decoding and re-encoding
 * it, without doing either.
 */

/** A JSON string's escaped UTF-8 text, without the surrounding quotes. */
export type RawJsonString = { readonly json: Buffer };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The escapes JSON.stringify writes itself: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and
 * `\u00xx` (lowercase hex) for the other control characters. Codex writes rollouts with
 * serde_json, which escapes the same way; text escaped any other way (`\/`, `\u0041`,
 * surrogate escapes) is not canonical and is decoded the ordinary way instead.
 */
const SHORT_ESCAPES = new Set([QUOTE, BACKSLASH, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const SHORT_ESCAPED_CONTROLS = new Set([0x08, 0x0c, 0x0a, 0x0d, 0x09]);

/**
 * Scans the JSON string whose text starts at `start` (just after its opening quote).
 * When it has only canonical escapes and no raw control character, returns the index
 * of its closing quote, and whether it holds non-ASCII bytes (whose UTF-8 validity the
 * caller checks); otherwise, or when the string does not end in `bytes`, null.
 */
export function scanCanonicalString(bytes: Uint8Array, start: number): { end: number; nonAscii: boolean } | null {
  const n = bytes.length;
  let nonAscii = false;
  for (let i = start; i < n; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) return { end: i, nonAscii };
    if (c === BACKSLASH) {
      const e = bytes[i + 1];
      if (e === undefined) return null;
      if (e === 0x75) {
        if (!isCanonicalUnicodeEscape(bytes, i + 2)) return null;
        i += 5;
      } else {
        if (!SHORT_ESCAPES.has(e)) return null;
        i += 1;
      }
      continue;
    }
    if (c < 0x20) return null;
    if (c >= 0x80) nonAscii = true;
  }
  return null;
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

/** The decoded string (only when a consumer needs the value itself, e.g. for Arrow columns). */
export function decodeRawJsonString(raw: RawJsonString): string {
  return JSON.parse(`"${raw.json.toString('utf8')}"`) as string;
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
  const json = raw.json;
  for (let at = json.indexOf(OUTPUT_MARKER); at !== -1; at = json.indexOf(OUTPUT_MARKER, at + 1)) {
    // `\\nOutput` is an escaped backslash followed by "nOutput", not a newline.
    if (precedingBackslashes(json, at) % 2 === 0) return `${decodeRawJsonString({ json: json.subarray(0, at) })}\nOutput:\n`;
  }
  if (json.length <= HEADER_BYTES) return decodeRawJsonString(raw).slice(0, HEADER_CHARS);
  return decodeRawJsonString({ json: json.subarray(0, safeCut(json, HEADER_BYTES)) }).slice(0, HEADER_CHARS);
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
