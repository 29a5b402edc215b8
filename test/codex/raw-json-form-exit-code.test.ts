import { describe, expect, it } from 'vitest';
import { readJsonFormExitCode } from '../../src/codex/raw-json-form-exit-code.js';
import { unwrapStructuredOutput } from '../../src/codex/tool-output.js';

/** The raw (escaped, canonical) text a rollout line holds for this tool output. */
function rawOf(text: string): { json: Buffer } {
  return { json: Buffer.from(JSON.stringify(text).slice(1, -1), 'utf8') };
}

const jsonForm = (output: string, metadata: unknown = { exit_code: 0, duration_seconds: 0.1 }): string => JSON.stringify({ output, metadata });

describe('readJsonFormExitCode', () => {
  const conclusive: [string, string][] = [
    ['exit 0', jsonForm('hello\nworld\n')],
    ['exit 1 with quotes, backslashes and unicode in the output', jsonForm('say "hi" \\ path C:\\x \u0001 \u00e9 \ud83d\ude00 tab\t', { exit_code: 1, duration_seconds: 2 })],
    ['negative exit code', jsonForm('', { exit_code: -1, duration_seconds: 0 })],
    ['no exit code in the metadata', jsonForm('x', { duration_seconds: 0 })],
    ['null metadata', jsonForm('x', null)],
    ['escaped JSON inside the output', jsonForm(JSON.stringify({ output: 'nested', metadata: { exit_code: 9 } }), { exit_code: 3, duration_seconds: 1 })],
    ['a duplicate metadata key: the last wins', '{"output":"a","metadata":{"exit_code":5},"metadata":{"exit_code":7}}'],
  ];
  it.each(conclusive)('reads the same exit code as a full parse (%s)', (_name, text) => {
    const fast = readJsonFormExitCode(rawOf(text));
    expect(fast).not.toBeUndefined();
    expect(fast).toBe(unwrapStructuredOutput(text).exitCode);
  });

  const inconclusive: [string, string][] = [
    ['not the JSON form', 'Exit code: 0\nOutput:\nok'],
    ['whitespace after the brace', '{ "output": "x", "metadata": {"exit_code": 1}}'],
    ['a raw newline inside the output string (invalid JSON)', '{"output":"a\nb","metadata":{"exit_code":1}}'],
    ['a bad escape inside the output string', '{"output":"a\\qb","metadata":{"exit_code":1}}'],
    ['a short \\u escape', '{"output":"a\\u12","metadata":{"exit_code":1}}'],
    ['an output that never ends', '{"output":"abc'],
    ['invalid JSON after the output', '{"output":"abc","metadata":{"exit_code":1}'],
    ['output overwritten by a non-string', '{"output":"abc","output":1,"metadata":{"exit_code":1}}'],
  ];
  it.each(inconclusive)('leaves %s to the full parse', (_name, text) => {
    expect(readJsonFormExitCode(rawOf(text))).toBeUndefined();
  });

  it('agrees with the full parse on every cut of a JSON-form output', () => {
    const text = jsonForm('a "quoted" \\ line\n\tand \u0007 more', { exit_code: 2, duration_seconds: 0.5 });
    for (let cut = 0; cut <= text.length; cut++) {
      const prefix = text.slice(0, cut);
      const fast = readJsonFormExitCode(rawOf(prefix));
      if (fast !== undefined) expect(fast, prefix).toBe(unwrapStructuredOutput(prefix).exitCode);
    }
    expect(readJsonFormExitCode(rawOf(text))).toBe(2);
  });
});
