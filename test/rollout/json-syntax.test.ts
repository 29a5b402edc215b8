import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RolloutDecoder } from '../../src/rollout/decode.js';
import { describeJsonSyntaxError, findJsonSyntaxError } from '../../src/rollout/json-syntax.js';

/** Real rollout lines: the scan must agree with JSON.parse on them and on every mutation of them. */
const oracleDir = fileURLToPath(new URL('../../fixtures/oracle/', import.meta.url));
const LINES: string[] = [];
for (const version of ['0.8.0', '0.47.0', '0.169.0']) {
  for (const scenario of readdirSync(join(oracleDir, version))) {
    const dir = join(oracleDir, version, scenario);
    for (const name of readdirSync(dir).filter((n) => n.startsWith('rollout-'))) {
      LINES.push(...readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line !== '' && line.length < 20_000));
    }
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const TOKENS = ['{', '}', '[', ']', '"', ':', ',', '\\', '\\u00', '\\x', '-', '0', '01', '1.', '.5', '1e', '1e+', 'tru', 'true', 'nul', 'null', ' ', '\t', '\n', '\u0001', 'é', '\ud83d'];

/** A real line changed: cut, a span deleted, or a JSON-ish token inserted or overwriting. */
const mutatedLine = fc
  .tuple(fc.constantFrom(...LINES), fc.nat(), fc.nat(), fc.constantFrom(...TOKENS), fc.constantFrom('cut', 'delete', 'insert', 'overwrite'))
  .map(([line, a, b, token, how]) => {
    const at = a % (line.length + 1);
    const len = (b % 8) + 1;
    if (how === 'cut') return line.slice(0, at);
    if (how === 'delete') return line.slice(0, at) + line.slice(at + len);
    if (how === 'insert') return line.slice(0, at) + token + line.slice(at);
    return line.slice(0, at) + token + line.slice(at + token.length);
  });

describe('findJsonSyntaxError', () => {
  it('accepts every line of the sampled oracle rollouts that JSON.parse accepts, and only those', () => {
    expect(LINES.length).toBeGreaterThan(200);
    for (const line of LINES) expect(findJsonSyntaxError(line) === null).toBe(parses(line));
  });

  it('agrees with JSON.parse on mutated rollout lines', () => {
    fc.assert(
      fc.property(mutatedLine, (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(parses(text));
      }),
      { seed: 8128, numRuns: 4000 },
    );
  });

  it('agrees with JSON.parse on JSON-ish token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS, '{"a":', '[1,', '"s"', '2'), { maxLength: 12 }).map((parts) => parts.join('')), (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(parses(text));
      }),
      { seed: 8129, numRuns: 4000 },
    );
  });

  it('reads any depth without recursion', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(findJsonSyntaxError(deep)).toBeNull();
    expect(findJsonSyntaxError(`{"a":${'['.repeat(50_000)}1${']'.repeat(49_999)}}`)).toEqual({ at: 100_005, expected: "',' or ']'" });
  });

  it('names the character and what was expected, counting from 1', () => {
    const text = '{"type":"event_msg","payload":{broken 7';
    expect(describeJsonSyntaxError(text, findJsonSyntaxError(text)!)).toBe("not valid JSON at character 32: expected a property name, found 'b'");
    const cut = '{"a":"b';
    expect(describeJsonSyntaxError(cut, findJsonSyntaxError(cut)!)).toBe('not valid JSON at character 8: expected a closing quote, found the end of the line');
    const control = '{"a":"\u0007"}';
    expect(describeJsonSyntaxError(control, findJsonSyntaxError(control)!)).toBe('not valid JSON at character 7: expected no control character in a string, found control character U+0007');
  });
});

describe('a file of mostly bad lines', () => {
  it('decodes its good lines and reports each bad one with the same message as a lone bad line', () => {
    const good = LINES.filter(parses).filter((line) => line.includes('"type":"event_msg"')).slice(0, 20);
    const bad = (i: number) => `{"type":"event_msg","payload":{broken ${i}`;
    const lines = [LINES.find((line) => line.includes('"session_meta"'))!];
    for (let i = 0; i < 400; i++) lines.push(i % 20 === 0 ? good[(i / 20) % good.length]! : bad(i));
    const issues: { line: number | null; message: string }[] = [];
    const decoder = new RolloutDecoder((line, _code, message) => issues.push({ line, message }));
    let records = 0;
    lines.forEach((text, i) => (records += decoder.push({ line: i + 1, text, terminated: true, invalidUtf8: false, oversized: false }).length));
    expect(records).toBe(1 + 20);
    expect(issues).toHaveLength(380);
    expect(new Set(issues.map((issue) => issue.message))).toEqual(new Set([describeJsonSyntaxError(bad(1), findJsonSyntaxError(bad(1))!)]));
  });
});
