/**
 * The fast path for the commonest big line of a rollout, a tool output:
 * `{"timestamp":..,"type":"response_item","payload":{"type":"function_call_output",
 * "call_id":..,"output":"<often 100 KB of escaped text>"}}`. The output string is
 * scanned in place, not decoded; the rest of the line (a few hundred bytes) is parsed
 * with the string replaced by "" and decoded as usual, so every other field is
 * checked exactly as before. The caller gets the decoded line and the output's raw
 * JSON text, which the RL record writes back unchanged.
 *
 * Anything unusual (another layout, a non-string output, non-canonical escapes,
 * invalid UTF-8, a damaged line) returns null, and the line takes the ordinary path.
 */
import { isUtf8 } from 'node:buffer';
import { scanCanonicalString, type RawJsonString } from './raw-json-string.js';

const ENVELOPE_START = Buffer.from('{"timestamp":"');
const TOOL_OUTPUT_PAYLOAD = Buffer.from('"type":"response_item","payload":{"type":"function_call_output",');
const OUTPUT_KEY = Buffer.from('"output":"');
/** Where the payload's type must appear: after the timestamp and, in 2026 files, the ordinal. */
const PAYLOAD_SEARCH_BYTES = 160;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

export type SplitToolOutputLine = {
  /** The line's JSON value with `payload.output` replaced by "". */
  value: { type: string; payload: { type: string; output: string } };
  /** The output string, a copy independent of the line's buffer. */
  output: RawJsonString;
};

export function splitToolOutputLine(bytes: Buffer): SplitToolOutputLine | null {
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
  const end = scanCanonicalString(bytes, start);
  if (end === -1 || !isUtf8(bytes.subarray(start, end))) return null;
  const rest = bytes.toString('utf8', end + 1);
  if (rest.includes('"output"')) return null;
  let value: unknown;
  try {
    value = JSON.parse(`${bytes.toString('utf8', 0, start - 1)}""${rest}`);
  } catch {
    return null;
  }
  if (!isToolOutputEnvelope(value)) return null;
  return { value, output: { json: Buffer.from(bytes.subarray(start, end)) } };
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


/**
 * Raw output text of the tool-output items decoded by the fast path. Their decoded
 * `output` is "" (the replay needs no output text to decide how a session ended); the
 * RL builder takes the text from here.
 */
const rawOutputs = new WeakMap<object, RawJsonString>();

export function attachRawToolOutput(item: object, output: RawJsonString): void {
  rawOutputs.set(item, output);
}

export function rawToolOutputOf(item: object): RawJsonString | undefined {
  return rawOutputs.get(item);
}
