/**
 * The exit code of a tool output the decoder kept raw (rollout/tool-output-line.ts),
 * read without decoding the whole output: only the exec header before the first
 * `\nOutput:\n` (docs/format.md), or the metadata of Codex <= 0.58's JSON form, is
 * decoded. The answer is the one readToolOutput's callers get from the decoded text.
 */
import { decodeRawJsonString, firstRawByte, precedingBackslashes, safeCut, type RawJsonString } from '../bytes/raw-json-string.js';
import { readJsonFormExitCode } from './raw-json-form-exit-code.js';
import { parseExecOutput, unwrapStructuredOutput } from './tool-output.js';

/**
 * `isExec`: the call was a shell or apply_patch call, whose output reports an exit code
 * (in its header, or in the `{"output":..,"metadata":..}` JSON form of Codex <= 0.58).
 * Other outputs report one only in that JSON form.
 */
export function readRawToolOutputExitCode(output: RawJsonString, isExec: boolean): number | null {
  if (firstRawByte(output) !== OPEN_BRACE) return isExec ? parseExecOutput(readRawHeader(output)).exitCode : null;
  // The JSON form: its metadata, after a check that the output string is valid (no decode).
  const jsonFormExitCode = readJsonFormExitCode(output);
  if (jsonFormExitCode !== undefined) return jsonFormExitCode;
  // Anything unusual is read whole, as readToolOutput's callers do (`{` cannot be escaped canonically).
  if (mayHoldOutputKey(output)) {
    const text = decodeRawJsonString(output);
    return isExec ? parseExecOutput(text).exitCode : unwrapStructuredOutput(text).exitCode;
  }
  // Other JSON (an MCP result, a listing) is not the JSON form: only an exec header can say more.
  if (!isExec) return null;
  const { header } = readRawHeaderParts(output);
  // A leading newline keeps parseExecOutput off the JSON form without changing the header's lines.
  return parseExecOutput(`\n${header}\nOutput:\n`).exitCode;
}

const OPEN_BRACE = 0x7b;

const OUTPUT_MARKER = Buffer.from('\\nOutput:\\n');
/** What `headerOf` in codex/tool-output.ts looks at when the text has no output marker. */
const HEADER_CHARS = 512;
/** A UTF-16 unit takes at most 6 bytes of escaped text (`\u00xx`), so this many bytes decode to at least HEADER_CHARS units. */
const HEADER_BYTES = HEADER_CHARS * 6;

/**
 * Text with the same exec-output header as the raw string, for reading exit codes
 * (codex/tool-output.ts `parseExecOutput`): the decoded text up to and including the
 * first `\nOutput:\n`, or, when there is none, the first 512 characters. Decodes a few
 * hundred bytes instead of the whole output.
 */
export function readRawHeader(raw: RawJsonString): string {
  const { header, hasMarker } = readRawHeaderParts(raw);
  return hasMarker ? `${header}\nOutput:\n` : header;
}

/** What `headerOf` in codex/tool-output.ts returns for the decoded text, and whether it found the marker. */
function readRawHeaderParts(raw: RawJsonString): { header: string; hasMarker: boolean } {
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

