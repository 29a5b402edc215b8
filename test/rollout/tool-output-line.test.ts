/**
 * The raw tool-output fast path must never change a byte of the output: a string is
 * only kept raw when writing its text back is exactly what JSON.stringify would
 * write, and every other case falls back to ordinary decoding.
 */
import { describe, expect, it } from 'vitest';
import { decodeRawJsonString } from '../../src/bytes/raw-json-string.js';
import { splitToolOutputLine } from '../../src/rollout/tool-output-line.js';

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
