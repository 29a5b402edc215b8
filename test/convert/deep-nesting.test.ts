/**
 * JSON nested thousands of levels deep (issue 13): V8's JSON.parse reads it, but
 * JSON.stringify of the parsed value overflowed the stack and ended the whole run
 * (exit 3, no output for any file). Tool-call arguments nested too deep are kept as
 * their raw text, a line nested too deep is skipped, each with an issue at its line;
 * the rest of the file and every other file convert.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { isNestedTooDeep, MAX_JSON_DEPTH, textNestsTooDeep } from '../../src/rollout/json-depth.js';
import type { TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { createTempDir } from '../read/temp-dir.js';
import { convertToRecords, REPO_ROOT } from '../trajectory/convert-records.js';

/** Real Codex 0.47.0 rollout: line 6 a token_count event with `info: null`, line 10 the shell function_call. */
const ORIGINAL = 'fixtures/oracle/0.47.0/shell-ok/rollout-2026-11-21T06-23-44-01a1fcc6-69f6-7590-8e7f-3e251e19f15b.jsonl';
const ORIGINAL_ID = '01a1fcc6-69f6-7590-8e7f-3e251e19f15b';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

let dir: { path: string; remove: () => Promise<void> };
let original: TrajectoryRecord;
const files: Record<string, string> = {};

/** The original rollout with one line changed, under a session id of its own (N). */
function writeVariant(name: string, n: number, change: (lines: string[]) => void): void {
  const lines = readFileSync(path.join(REPO_ROOT, ORIGINAL), 'utf8').split('\n');
  change(lines);
  const id = `d0000000-0000-4000-8000-00000000000${n}`;
  const file = path.join(dir.path, `rollout-2026-11-21T06-23-44-${id}.jsonl`);
  writeFileSync(file, lines.join('\n').replaceAll(ORIGINAL_ID, id));
  files[name] = file;
}

function withArguments(line: string, args: string): string {
  const value = JSON.parse(line) as { payload: { type: string; arguments: string } };
  expect(value.payload.type).toBe('function_call');
  value.payload.arguments = args;
  return JSON.stringify(value);
}

beforeAll(async () => {
  dir = await createTempDir('deep');
  original = (await convertToRecords([ORIGINAL])).records[0]!;
  writeVariant('args10k', 1, (lines) => (lines[9] = withArguments(lines[9]!, nested(10_000))));
  writeVariant('args1m', 2, (lines) => (lines[9] = withArguments(lines[9]!, `{"command":${nested(1_000_000)}}`)));
  writeVariant('argsAtLimit', 3, (lines) => (lines[9] = withArguments(lines[9]!, nested(MAX_JSON_DEPTH))));
  writeVariant('event100k', 4, (lines) => (lines[5] = lines[5]!.replace('"info":null', `"info":${nested(100_000)}`)));
  // A message's content (kept by the loose schema as an unknown key) nested 10,000 deep.
  writeVariant('content10k', 5, (lines) => (lines[15] = lines[15]!.replace('"content":[', `"extra":${nested(10_000)},"content":[`)));
}, 60_000);

afterAll(async () => {
  await dir.remove();
});

describe('deeply nested JSON', () => {
  it('never ends the run: every file converts, each deep spot is one issue at its line', async () => {
    const run = await convertToRecords([dir.path, 'fixtures/samples']);
    const alone = await convertToRecords(['fixtures/samples']);
    expect(run.report.failedFiles).toEqual([]);
    expect(run.records.filter((record) => record.source_path.startsWith('fixtures/samples/'))).toEqual(alone.records);
    const issues = run.issues.map(({ file, line, code, message }) => ({ file: path.basename(file), line, code, message }));
    const name = (key: string) => path.basename(files[key]!);
    expect(issues).toEqual([
      { file: name('args10k'), line: 10, code: 'invalid_shape', message: 'response item "function_call": arguments: arrays or objects nested more than 1000 levels deep; kept as the raw string' },
      { file: name('args1m'), line: 10, code: 'invalid_shape', message: 'response item "function_call": arguments: arrays or objects nested more than 1000 levels deep; kept as the raw string' },
      { file: name('event100k'), line: 6, code: 'invalid_shape', message: 'arrays or objects nested more than 1000 levels deep; the line was skipped' },
      { file: name('content10k'), line: 16, code: 'invalid_shape', message: 'arrays or objects nested more than 1000 levels deep; the line was skipped' },
    ]);
    const record = (key: string) => run.records.find((candidate) => candidate.source_path === files[key])!;
    // Too deep: the arguments are the exact text the model emitted, the rest of the session is intact.
    const call = record('args1m').trajectory.find((step) => step.type === 'tool_call');
    expect(call).toMatchObject({ type: 'tool_call', arguments: `{"command":${nested(1_000_000)}}` });
    expect(record('args10k').trajectory.find((step) => step.type === 'tool_call')).toMatchObject({ arguments: nested(10_000) });
    // At the limit: the exact text too (schema 2.0.0: arguments are always the emitted string), and it parses.
    const atLimit = record('argsAtLimit').trajectory.find((step) => step.type === 'tool_call') as { arguments: string };
    expect(Array.isArray(JSON.parse(atLimit.arguments))).toBe(true);
    // A skipped event or message line costs only that line.
    expect(record('event100k').trajectory).toEqual(original.trajectory);
    expect(record('content10k').trajectory).toEqual(original.trajectory.slice(0, -1));
  });

  it.each(['json', 'arrow', 'thread-events'] as const)('%s output is written and passes validate', async (format) => {
    const out = await createTempDir(`deep-${format}`);
    try {
      const report = await convert({ inputs: [dir.path], format, outDir: out.path });
      expect(report.sessions).toBe(5);
      expect(report.issues.total).toBe(4);
      const validation = await validatePaths([out.path]);
      expect(validation.valid).toBe(true);
    } finally {
      await out.remove();
    }
  });

  it('the depth checks are exact at the limit and ignore brackets in strings', () => {
    expect(isNestedTooDeep(JSON.parse(nested(MAX_JSON_DEPTH)), 2 * MAX_JSON_DEPTH)).toBe(false);
    expect(isNestedTooDeep(JSON.parse(nested(MAX_JSON_DEPTH + 1)), 2 * MAX_JSON_DEPTH + 2)).toBe(true);
    expect(isNestedTooDeep({ a: [{ b: JSON.parse(nested(MAX_JSON_DEPTH - 2)) }] }, 1e9)).toBe(true);
    expect(textNestsTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(textNestsTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(textNestsTooDeep(`["${'['.repeat(5000)}"]`)).toBe(false);
    expect(textNestsTooDeep(`*** Begin Patch\n${'['.repeat(5000)}`)).toBe(false);
  });
});
