/**
 * The raw tool-output fast path must never change a byte of the output: a string is
 * only kept raw when writing its text back is exactly what JSON.stringify would
 * write, and every other case falls back to ordinary decoding.
 */
import { describe, expect, it } from 'vitest';
import { mayHoldOutputKey, readRawHeader } from '../../src/codex/raw-tool-output-exit-code.js';
import { parseExecOutput } from '../../src/codex/tool-output.js';

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
});
