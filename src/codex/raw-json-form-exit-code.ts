/**
 * The exit code of a tool output in Codex <= 0.58's JSON form,
 * `{"output":"...","metadata":{"exit_code":N,"duration_seconds":F}}`, read from the raw
 * (still escaped) text without decoding the output: the output string is only checked to
 * be a valid JSON string (it holds nearly all the bytes), and the short rest after it is
 * decoded and parsed. Replacing one valid JSON string by another ("") changes neither
 * whether the text parses nor its metadata, so the answer is the one a full
 * `JSON.parse` of the decoded text gives (replay/tool-output.ts `parseStructuredOutput`).
 */
import { decodeRawJsonString, scanCanonicalString, type RawJsonString } from '../bytes/raw-json-string.js';

/** `{"output":"` as it appears escaped inside a JSON string, and decoded. */
const ESCAPED_PREFIX = Buffer.from('{\\"output\\":\\"');
const DECODED_PREFIX = Buffer.from('{"output":"');
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const LONGEST_REST = 4096;
/** Letters that may follow a backslash inside the decoded output string (besides `"`, `\` and `u`). */
const SIMPLE_INNER_ESCAPE = new Uint8Array(256);
for (const c of '/bfnrt') SIMPLE_INNER_ESCAPE[c.charCodeAt(0)] = 1;

/**
 * The JSON form's exit code (null when its metadata has none), or undefined when the
 * cheap reading is not conclusive (not this exact prefix, an output string that is not
 * valid JSON, a long or unparsable rest): the caller then decodes and parses the whole.
 * Escaped text must be canonical (raw-json-string.ts): no raw quotes or control bytes.
 */
export function readJsonFormExitCode(raw: RawJsonString): number | null | undefined {
  if (raw.utf8) return readDecodedJsonFormExitCode(raw.utf8);
  const json = raw.json;
  if (json.length < ESCAPED_PREFIX.length || ESCAPED_PREFIX.compare(json, 0, ESCAPED_PREFIX.length) !== 0) return undefined;
  const end = findOutputStringEnd(json, ESCAPED_PREFIX.length);
  if (end < 0 || json.length - end > LONGEST_REST) return undefined;
  // The decoded rest starts with the quote that closes the output string.
  return readMetadataExitCode(decodeRawJsonString({ json: json.subarray(end) }));
}

/**
 * The same for decoded text (the Arrow output's form): there the output string is plain
 * JSON text, whose end the canonical scan finds (anything else: not conclusive).
 */
function readDecodedJsonFormExitCode(text: Buffer): number | null | undefined {
  if (text.length < DECODED_PREFIX.length || DECODED_PREFIX.compare(text, 0, DECODED_PREFIX.length) !== 0) return undefined;
  const end = scanCanonicalString(text, DECODED_PREFIX.length);
  if (end < 0 || text.length - end > LONGEST_REST) return undefined;
  return readMetadataExitCode(text.toString('utf8', end));
}

/** Parses the JSON form with its output string emptied (`rest` starts with the quote that closed it). */
function readMetadataExitCode(rest: string): number | null | undefined {
  let value: unknown;
  try {
    value = JSON.parse(`{"output":"${rest}`);
  } catch {
    return undefined;
  }
  const { output, metadata } = value as { output?: unknown; metadata?: { exit_code?: unknown } | null };
  if (typeof output !== 'string') return undefined;
  return typeof metadata?.exit_code === 'number' ? metadata.exit_code : null;
}

/**
 * Where the decoded output string ends (the raw index of the escaped quote that closes
 * it), or -1 when the decoded text is not a valid JSON string there. Only backslashes
 * matter: in canonical raw text every other byte decodes to itself, and is ordinary
 * inside the decoded string too.
 */
function findOutputStringEnd(json: Buffer, start: number): number {
  for (let i = json.indexOf(BACKSLASH, start); i !== -1; i = json.indexOf(BACKSLASH, i)) {
    const escaped = json[i + 1];
    if (escaped === QUOTE) return i;
    // Any other raw escape but `\\` decodes to a control character: invalid in a JSON string.
    if (escaped !== BACKSLASH) return -1;
    // A decoded backslash: the decoded escape it starts must be valid.
    const next = json[i + 2];
    if (next === undefined) return -1;
    if (next === BACKSLASH) {
      // Decoded `\"` or `\\`.
      const after = json[i + 3];
      if (after !== QUOTE && after !== BACKSLASH) return -1;
      i += 4;
    } else if (next === 0x75) {
      if (!isHex(json, i + 3, 4)) return -1;
      i += 7;
    } else if (SIMPLE_INNER_ESCAPE[next] === 1) {
      i += 3;
    } else return -1;
  }
  return -1;
}

function isHex(bytes: Buffer, at: number, count: number): boolean {
  if (at + count > bytes.length) return false;
  for (let k = at; k < at + count; k++) {
    const c = bytes[k]!;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}
