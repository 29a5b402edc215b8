/**
 * The raw tool-output fast path must never change a byte of the output: a string is
 * only kept raw when writing its text back is exactly what JSON.stringify would
 * write, and every other case falls back to ordinary decoding.
 */
import { describe, expect, it } from 'vitest';
import { decodeRawJsonString, mayHoldOutputKey, readRawHeader, scanCanonicalString } from '../../src/rollout/raw-json-string.js';
import { splitToolOutputLine } from '../../src/rollout/tool-output-line.js';
import { parseExecOutput } from '../../src/replay/tool-output.js';

/** The raw text of `"<json>"`, scanned from just after its opening quote. */
function scan(json: string): number {
  return scanCanonicalString(Buffer.from(`"${json}"`), 1);
}

const TRICKY_STRINGS = [
  '',
  'plain ascii',
  'line\nbreak\ttab\r\nwindows',
  'quote " and backslash \\ and both \\"',
  'controls \u0000 \u0001 \u001b[31mred\u001b[0m \u007f \b \f',
  'unicode üñí 日本語 😀 e\u0301 \u2028 \u2029',
  'ends with backslash \\',
  '\\nOutput:\\n is not a marker here',
  'Exit code: 0\nWall time: 0.1 seconds\nOutput:\nhello\n',
];

describe('scanCanonicalString', () => {
  it('accepts exactly what JSON.stringify writes, and finds the closing quote', () => {
    for (const value of TRICKY_STRINGS) {
      const json = JSON.stringify(value).slice(1, -1);
      expect(scan(json), value).toBe(Buffer.byteLength(json) + 1);
    }
  });

  it('rejects escapes JSON.stringify never writes, raw control characters and unterminated strings', () => {
    for (const json of ['a\\/b', '\\u0041', '\\u001B', '\\u000a', '\\ud83d\\ude00', '\\x41', 'tab\there', 'nul\u0000here']) {
      expect(scan(json), json).toBe(-1);
    }
    expect(scanCanonicalString(Buffer.from('"unterminated'), 1)).toBe(-1);
    expect(scanCanonicalString(Buffer.from('"ends in escape\\'), 1)).toBe(-1);
  });
});

describe('readRawHeader', () => {
  const raw = (text: string) => ({ json: Buffer.from(JSON.stringify(text).slice(1, -1)) });

  it('reads the same exit code as the decoded text, in every exec dialect', () => {
    const outputs = [
      'Exit code: 3\nWall time: 1 seconds\nOutput:\nboom\n',
      'Chunk ID: ab12\nWall time: 0.01 seconds\nProcess exited with code 7\nOriginal token count: 3\nOutput:\nx\n',
      'Process running with session ID 12\nOutput:\n',
      `Output:\n${'no header '.repeat(100)}`,
      `${'long header line '.repeat(60)}\nProcess exited with code 5\nOutput:\nbody`,
      `${'ünïcödé 😀 '.repeat(80)}\nExit code: 9\n`,
      `no marker at all\nExit code: 4\n${'x'.repeat(5000)}`,
      `${'x'.repeat(600)}\nExit code: 4\n`,
      'a literal backslash-n: \\nOutput:\\n then\nExit code: 2\nOutput:\nreal body',
    ];
    for (const text of outputs) {
      expect(parseExecOutput(readRawHeader(raw(text))).exitCode, text.slice(0, 40)).toBe(parseExecOutput(text).exitCode);
    }
  });

  it('decodes the header up to the first real output marker', () => {
    expect(readRawHeader(raw('Exit code: 0\nOutput:\nbody\nOutput:\nmore'))).toBe('Exit code: 0\nOutput:\n');
    expect(readRawHeader(raw('escaped \\nOutput:\\n\nOutput:\nbody'))).toBe('escaped \\nOutput:\\n\nOutput:\n');
    expect(readRawHeader(raw('😀'.repeat(400)))).toBe('😀'.repeat(400).slice(0, 512));
  });

  it('tells which texts could hold an "output" key', () => {
    expect(mayHoldOutputKey(raw('{"output":"x"}'))).toBe(true);
    expect(mayHoldOutputKey(raw('{"\\u006futput":"x"}'))).toBe(true);
    expect(mayHoldOutputKey(raw('{"items":[1,2],"outputs":3}'))).toBe(false);
    expect(mayHoldOutputKey(raw('{"text":"\\\\not a unicode escape"}'))).toBe(false);
  });

  it('round-trips through decodeRawJsonString', () => {
    for (const value of TRICKY_STRINGS) expect(decodeRawJsonString(raw(value))).toBe(value);
  });
});

describe('splitToolOutputLine', () => {
  const line = (output: unknown, extra = '') =>
    Buffer.from(
      `{"timestamp":"2026-01-01T00:00:00.000Z","ordinal":3,"type":"response_item","payload":{"type":"function_call_output","call_id":"call_1","output":${JSON.stringify(output)}}${extra}}`,
    );

  it('keeps a canonical output raw and parses the rest of the line', () => {
    const output = `${'result line\n'.repeat(20)}ünï 😀 "quoted"`;
    const split = splitToolOutputLine(line(output, ',"metadata":{"inherited_user_message":false}'));
    expect(split).not.toBeNull();
    expect(split!.value).toEqual({
      timestamp: '2026-01-01T00:00:00.000Z',
      ordinal: 3,
      type: 'response_item',
      payload: { type: 'function_call_output', call_id: 'call_1', output: '' },
      metadata: { inherited_user_message: false },
    });
    expect(decodeRawJsonString(split!.output)).toBe(output);
  });

  it('falls back for everything it cannot pass through unchanged', () => {
    const long = 'x'.repeat(200);
    const cases = [
      Buffer.from(line(long).toString().replace('xxxx', 'x\\/x')),
      Buffer.from(line(long).toString().replace('xxxx', '\\u0041')),
      Buffer.concat([line(long).subarray(0, 150), Buffer.from([0xff]), line(long).subarray(151)]),
      line([{ type: 'input_text', text: long }]),
      line(long).subarray(0, 180),
      Buffer.from(line(long).toString().replace('"call_id":"call_1"', '"call_id":{"nested":1}')),
      Buffer.from(line(long).toString().replace('"type":"response_item"', '"type":"event_msg"')),
      Buffer.from(`${line(long).toString().slice(0, -1)},"output":"dup"}`),
    ];
    for (const bytes of cases) expect(splitToolOutputLine(bytes), bytes.toString().slice(0, 200)).toBeNull();
  });
});
