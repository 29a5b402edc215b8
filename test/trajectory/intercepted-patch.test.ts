/**
 * apply_patch sent through a shell tool is still the shell call the model emitted:
 * it becomes a shell_command step (argv as Codex runs it, raw name and arguments
 * kept), and its output's exit code is read. The corpus has the argv form
 * `["apply_patch", patch]` (0.8-0.40, see the goldens); models also write
 * `apply_patch <<'EOF'` scripts through shell_command / exec_command, which Codex
 * intercepts the same way. Those are made here from the real 0.80.0 apply-patch
 * rollout by rewriting its custom apply_patch call into each script form.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import type { InputIssue } from '../../src/issues.js';
import { trajectoryRecordSchema, type TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import { createTempDir } from '../read/temp-dir.js';
import { createCollector, REPO_ROOT } from './convert-records.js';

const SOURCE = 'fixtures/oracle/0.80.0/apply-patch/rollout-2026-11-21T06-23-56-01a1fcc6-9aec-7da1-8878-bed9673af63f.jsonl';
const CALL_ID = 'call_applypatch_2';
const OUTPUT = 'Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nA added.txt\nM update_me.txt\nD delete_me.txt\n';

let dir: { path: string; remove: () => Promise<void> };
let patch: string;

/** The real rollout with its custom apply_patch call (and output) replaced by a shell function call. */
function rewrite(name: string, args: Record<string, unknown>): string {
  const lines = readFileSync(path.join(REPO_ROOT, SOURCE), 'utf8').split('\n');
  const rewritten = lines.map((line) => {
    if (!line.includes(CALL_ID)) return line;
    const value = JSON.parse(line) as { payload: { type: string; input?: string } };
    if (value.payload.type === 'custom_tool_call') {
      patch = value.payload.input ?? '';
      const script = `apply_patch <<'EOF'\n${patch}\nEOF`;
      const shellArgs = Object.fromEntries(Object.entries(args).map(([key, v]) => [key, v === '$SCRIPT' ? script : v]));
      return JSON.stringify({ ...value, payload: { type: 'function_call', name, arguments: JSON.stringify(shellArgs), call_id: CALL_ID } });
    }
    return JSON.stringify({ ...value, payload: { type: 'function_call_output', call_id: CALL_ID, output: OUTPUT } });
  });
  const file = path.join(dir.path, `rollout-${name}-01a1fcc6-9aec-7da1-8878-bed9673af63f.jsonl`);
  writeFileSync(file, rewritten.join('\n'));
  return file;
}

async function convertOne(file: string): Promise<{ record: TrajectoryRecord; issues: InputIssue[] }> {
  const out = createCollector();
  const issues: InputIssue[] = [];
  await convert({ inputs: [file], format: 'jsonl', outDir: dir.path, stdout: out.stream }, (issue) => issues.push(issue));
  return { record: trajectoryRecordSchema.parse(JSON.parse(out.text())), issues };
}

beforeAll(async () => {
  dir = await createTempDir('intercepted-patch');
});
afterAll(async () => {
  await dir.remove();
});

describe('apply_patch through a shell tool', () => {
  it.each([
    ['shell_command', { command: '$SCRIPT', workdir: '/home/user/project' }],
    ['exec_command', { cmd: '$SCRIPT', workdir: '/home/user/project', yield_time_ms: 10000 }],
  ])('%s with an apply_patch heredoc is a shell_command step under the user shell', async (name, args) => {
    const { record, issues } = await convertOne(rewrite(name, args));
    expect(issues).toEqual([]);
    const call = record.trajectory.find((step) => step.type === 'shell_command' && step.call_id === CALL_ID);
    const script = `apply_patch <<'EOF'\n${patch}\nEOF`;
    expect(call).toEqual({
      type: 'shell_command',
      // The environment context of this rollout names bash; Codex runs string commands as `/bin/bash -lc`.
      command: ['/bin/bash', '-lc', script],
      call_id: CALL_ID,
      timestamp: '2026-11-21T06:23:56.834Z',
      name,
      // The exact text the model emitted.
      arguments: JSON.stringify({ ...args, [name === 'shell_command' ? 'command' : 'cmd']: script }),
      workdir: '/home/user/project',
      turn: 0,
    });
    const output = record.trajectory.find((step) => step.type === 'tool_output' && step.call_id === CALL_ID);
    expect(output).toMatchObject({ output: OUTPUT, exit_code: 0 });
    expect(record.trajectory.some((step) => step.type === 'tool_call')).toBe(false);
    expect(record.success).toBe(true);
  });
});
