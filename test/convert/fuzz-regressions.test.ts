/**
 * Defects the fuzz suite (test/fuzz/) found, each pinned with the case it shrank to.
 *
 * 1. Invalid UTF-8 beside a tool output (in the timestamp or the call id of a
 *    `function_call_output` line) was replaced with U+FFFD without an issue: the fast
 *    path that keeps tool outputs out of the JS heap checked only the output's bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import type { InputIssue } from '../../src/issues.js';
import { splitToolOutputLine } from '../../src/rollout/tool-output-line.js';
import { createTempDir } from '../read/temp-dir.js';
import { createCollector, REPO_ROOT } from '../trajectory/convert-records.js';

/** Line 10: `{"timestamp":"2026-11-21T06:23:43.863Z",...,"call_id":"call_compact_1","output":...}`. */
const COMPACT = 'fixtures/oracle/0.40.0/compact/rollout-2026-11-21T06-23-43-01a1fcc6-68b4-75b1-a1db-d4b424d5d8ab.jsonl';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await createTempDir('fuzz-regressions');
});
afterAll(async () => {
  await dir.remove();
});

/** The rollout with bytes put into line `line` before `before`. */
function damaged(name: string, line: number, before: string, bytes: number[]): string {
  const lines = readFileSync(path.join(REPO_ROOT, COMPACT)).toString('latin1').split('\n');
  const text = lines[line - 1]!;
  const at = text.indexOf(before);
  expect(at).toBeGreaterThan(0);
  lines[line - 1] = text.slice(0, at) + Buffer.from(bytes).toString('latin1') + text.slice(at);
  const file = path.join(dir.path, `${name}-${path.basename(COMPACT)}`);
  writeFileSync(file, Buffer.from(lines.join('\n'), 'latin1'));
  return file;
}

async function issuesOf(file: string, format: 'jsonl' | 'thread-events'): Promise<InputIssue[]> {
  const issues: InputIssue[] = [];
  await convert({ inputs: [file], format, outDir: 'unused', stdout: createCollector().stream }, (issue) => issues.push(issue));
  return issues;
}

describe('invalid UTF-8 beside a tool output', () => {
  it.each([
    ['in the call id', 'call_compact_1"', [0xff]],
    ['in the timestamp', '2026-11-21T06:23:43.863Z', [0xb2]],
  ])('%s is reported at its line in every output (the RL record reads tool outputs raw)', async (what, before, bytes) => {
    const file = damaged(what.replace(/ /g, '-'), 10, before, bytes);
    for (const format of ['jsonl', 'thread-events'] as const) {
      expect(await issuesOf(file, format), format).toEqual([{ file, line: 10, code: 'invalid_utf8', message: 'line is not valid UTF-8 (decoded with replacement characters)' }]);
    }
  });

  it('the fast path leaves such a line to the ordinary one', () => {
    const line = readFileSync(path.join(REPO_ROOT, COMPACT), 'utf8').split('\n')[9]!;
    expect(splitToolOutputLine(Buffer.from(line))).not.toBeNull();
    const bad = Buffer.concat([Buffer.from(line.slice(0, 20)), Buffer.from([0xff]), Buffer.from(line.slice(20))]);
    expect(splitToolOutputLine(bad)).toBeNull();
    expect(splitToolOutputLine(bad, 'utf8')).toBeNull();
  });
});
