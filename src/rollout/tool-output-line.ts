/**
 * The fast path for the commonest big line of a rollout, a tool output:
 * `{"timestamp":..,"type":"response_item","payload":{"type":"function_call_output",
 * "call_id":..,"output":"<often 100 KB of escaped text>"}}`. The output string is
 * scanned in place (text outputs) or decoded straight to UTF-8 bytes (Arrow), never
 * made a JS string; the rest of the line (a few hundred bytes) is parsed
 * with the string replaced by "" and decoded as usual, so every other field is
 * checked exactly as before. The caller gets the decoded line and the output kept out
 * of the JS heap (its raw JSON text, or its UTF-8 bytes), which the RL record writes
 * back unchanged.
 *
 * Anything unusual (another layout, a non-string output, escapes JSON.stringify would
 * not write (for the JSON text only), invalid UTF-8, a damaged line) returns null, and
 * the line takes the ordinary path.
 */
import { isUtf8 } from 'node:buffer';
import { decodeJsonStringInto } from '../bytes/json-string-utf8.js';
import { scanCanonicalString, type RawJsonString } from '../bytes/raw-json-string.js';

/** How the output is kept: its escaped JSON text, or decoded to UTF-8 (see RawJsonString). */
export type RawToolOutputForm = 'json' | 'utf8';

const ENVELOPE_START = Buffer.from('{"timestamp":"');
const TOOL_OUTPUT_PAYLOAD = Buffer.from('"type":"response_item","payload":{"type":"function_call_output",');
const OUTPUT_KEY = Buffer.from('"output":"');
/** Where the payload's type must appear: after the timestamp and, in 2026 files, the ordinal. */
const PAYLOAD_SEARCH_BYTES = 160;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

type SplitToolOutputLine = {
  /** The line's JSON value with `payload.output` replaced by "". */
  value: { type: string; payload: { type: string; output: string } };
  /** The output string, in memory independent of the line's buffer. */
  output: RawJsonString;
};

export function splitToolOutputLine(bytes: Buffer, form: RawToolOutputForm = 'json'): SplitToolOutputLine | null {
  if (bytes.length < 128 || bytes[0] !== OPEN_BRACE || !startsWith(bytes, ENVELOPE_START)) return null;
  const payloadAt = bytes.subarray(0, PAYLOAD_SEARCH_BYTES).indexOf(TOOL_OUTPUT_PAYLOAD);
  if (payloadAt === -1) return null;
  const keysFrom = payloadAt + TOOL_OUTPUT_PAYLOAD.length;
  const keyAt = bytes.indexOf(OUTPUT_KEY, keysFrom);
  if (keyAt === -1 || keyAt - keysFrom > 512) return null;
  // Only flat `"key":"value"` pairs before the output key: it is then payload's own
  // `output`, not a key of some nested object (strings holding brackets also fall back).
  if (hasNesting(bytes, 1, payloadAt) || hasNesting(bytes, keysFrom, keyAt)) return null;
  const start = keyAt + OUTPUT_KEY.length;
  const kept = form === 'utf8' ? decodeOutput(bytes, start) : copyCanonicalOutput(bytes, start);
  if (!kept) return null;
  const { end, output } = kept;
  // Invalid UTF-8 around the output (a damaged timestamp or call id) takes the ordinary
  // path, which reports it: toString would replace it silently.
  if (!isUtf8(bytes.subarray(0, start)) || !isUtf8(bytes.subarray(end + 1))) return null;
  const rest = bytes.toString('utf8', end + 1);
  if (rest.includes('"output"')) return null;
  let value: unknown;
  try {
    value = JSON.parse(`${bytes.toString('utf8', 0, start - 1)}""${rest}`);
  } catch {
    return null;
  }
  if (!isToolOutputEnvelope(value)) return null;
  return { value, output };
}

type KeptOutput = { end: number; output: RawJsonString };

/** The output's escaped text, when it is canonical (what JSON.stringify writes) and valid UTF-8. */
function copyCanonicalOutput(bytes: Buffer, start: number): KeptOutput | null {
  const end = scanCanonicalString(bytes, start);
  if (end === -1 || !isUtf8(bytes.subarray(start, end))) return null;
  return { end, output: { json: Buffer.from(bytes.subarray(start, end)) } };
}

/** The output decoded to UTF-8 (any valid escapes), when the string is valid JSON and valid UTF-8. */
function decodeOutput(bytes: Buffer, start: number): KeptOutput | null {
  // Decoding never lengthens the text, and the text ends before the line does.
  const target = Buffer.allocUnsafe(bytes.length - start);
  const decoded = decodeJsonStringInto(bytes, start, target, 0);
  if (!decoded) return null;
  const utf8 = target.subarray(0, decoded.written);
  if (!isUtf8(utf8)) return null;
  return { end: decoded.end, output: { utf8 } };
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

function hasNesting(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] === OPEN_BRACE || bytes[i] === OPEN_BRACKET) return true;
  return false;
}

function isToolOutputEnvelope(value: unknown): value is SplitToolOutputLine['value'] {
  if (typeof value !== 'object' || value === null) return false;
  const { type, payload } = value as { type?: unknown; payload?: { type?: unknown; output?: unknown } | null };
  return type === 'response_item' && typeof payload === 'object' && payload !== null && payload.type === 'function_call_output' && payload.output === '';
}

