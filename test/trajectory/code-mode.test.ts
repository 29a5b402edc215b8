/**
 * Code mode (issue 10, item 5): every action run inside the JavaScript `exec` tool
 * becomes the step it would be in direct-tool mode, linked to its `exec` call by
 * `parent_call_id`. Checked on the oracle's 0.169.0 recordings against the same
 * scenarios in direct-tool mode (0.169.0+gpt-5.5), and on a hand-written Desktop file
 * whose actions are persisted end events (fixtures/code-mode/README.md).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrajectoryRecord, TrajectoryStep } from '../../src/trajectory/rl-schema.js';
import { convertToRecords } from './convert-records.js';

const CODE_MODE = 'fixtures/oracle/0.169.0';
const DIRECT = 'fixtures/oracle/0.169.0+gpt-5.5';

let records: TrajectoryRecord[];
beforeAll(async () => {
  ({ records } = await convertToRecords([CODE_MODE, DIRECT, 'fixtures/code-mode']));
});

function recordOf(dir: string): TrajectoryRecord {
  const mine = records.filter((record) => record.source_path.startsWith(`${dir}/`));
  const record = mine.sort((a, b) => b.trajectory.length - a.trajectory.length)[0];
  if (!record) throw new Error(`no record for ${dir}`);
  return record;
}

const shells = (record: TrajectoryRecord) => record.trajectory.filter((step) => step.type === 'shell_command');
const outputOf = (record: TrajectoryRecord, callId: string | null) => record.trajectory.find((step) => step.type === 'tool_output' && step.call_id === callId);

/** Each nested step sits after its `exec` call and before that call's output. */
function expectNestedInsideParents(trajectory: TrajectoryStep[]): number {
  let nested = 0;
  trajectory.forEach((step, index) => {
    if (!('parent_call_id' in step) || step.parent_call_id === undefined) return;
    nested++;
    const parent = step.parent_call_id;
    const callAt = trajectory.findIndex((s) => s.type === 'tool_call' && s.name === 'exec' && s.call_id === parent);
    const outputAt = trajectory.findIndex((s) => s.type === 'tool_output' && s.call_id === parent);
    expect(callAt, parent).toBeGreaterThanOrEqual(0);
    expect(callAt).toBeLessThan(index);
    expect(outputAt).toBeGreaterThan(index);
  });
  return nested;
}

describe('code mode: actions inside exec', () => {
  it.each(['shell-ok', 'shell-fail', 'multi-shell', 'parallel-shell', 'multi-turn', 'compact', 'interrupted'])(
    '%s: the same shell commands, exit codes and outputs as in direct-tool mode',
    (scenario) => {
      const code = recordOf(`${CODE_MODE}/${scenario}`);
      const direct = recordOf(`${DIRECT}/${scenario}`);
      const commandsOf = (record: TrajectoryRecord) =>
        shells(record).map((step) => {
          const output = outputOf(record, step.call_id);
          return { script: step.command.at(-1), exit_code: output?.type === 'tool_output' ? output.exit_code : undefined };
        });
      expect(commandsOf(code).length).toBeGreaterThan(0);
      expect(commandsOf(code)).toEqual(commandsOf(direct));
      expect(expectNestedInsideParents(code.trajectory)).toBe(2 * shells(code).length);
    },
  );

  it('shell-fail: argv, exit code 3 and the command output, under the exec call', () => {
    const record = recordOf(`${CODE_MODE}/shell-fail`);
    const [shell] = shells(record);
    expect(shell).toMatchObject({ command: ['/bin/bash', '-lc', "echo 'about to fail' >&2; sh -c 'exit 3'"], name: 'exec_command', parent_call_id: 'call_shellfail_1' });
    expect(shell?.call_id).toMatch(/^exec-[0-9a-f-]{36}$/);
    expect(outputOf(record, shell?.call_id ?? null)).toMatchObject({ output: 'about to fail\n', exit_code: 3, parent_call_id: 'call_shellfail_1' });
  });

  it('parallel-shell: each command linked to the exec program that ran it', () => {
    const record = recordOf(`${CODE_MODE}/parallel-shell`);
    expect(shells(record).map((step) => [step.command.at(-1), step.type === 'shell_command' ? step.parent_call_id : null])).toEqual([
      ['echo one', 'call_parallelshell_1'],
      ['echo two', 'call_parallelshell_2'],
    ]);
  });

  it('apply-patch, mcp, view-image: the tool calls of direct-tool mode, nested', () => {
    const nestedCalls = (scenario: string) =>
      recordOf(`${CODE_MODE}/${scenario}`).trajectory.flatMap((step) => (step.type === 'tool_call' && step.parent_call_id ? [[step.namespace ?? '', step.name]] : []));
    const directCalls = (scenario: string) =>
      recordOf(`${DIRECT}/${scenario}`).trajectory.flatMap((step) => (step.type === 'tool_call' && step.name !== 'tool_search' ? [[step.namespace ?? '', step.name]] : []));
    for (const scenario of ['apply-patch', 'mcp', 'view-image']) expect(nestedCalls(scenario), scenario).toEqual(directCalls(scenario));
    const patch = recordOf(`${CODE_MODE}/apply-patch`).trajectory.find((step) => step.type === 'tool_call' && step.name === 'apply_patch');
    expect(Object.keys(patch?.type === 'tool_call' ? (JSON.parse(patch.arguments ?? '{}') as object) : {}).sort()).toEqual([
      '/home/user/project/added.txt',
      '/home/user/project/delete_me.txt',
      '/home/user/project/update_me.txt',
    ]);
    const failed = recordOf(`${CODE_MODE}/mcp`).trajectory.filter((step) => step.type === 'tool_output' && step.parent_call_id);
    expect(failed.map((step) => (step.type === 'tool_output' ? (JSON.parse(step.output) as { isError: boolean }).isError : null))).toEqual([false, true]);
  });

  it('update_plan and an unparsable patch inside exec leave no item: only the exec call and its output', () => {
    for (const scenario of ['plan', 'apply-patch-fail']) {
      const record = recordOf(`${CODE_MODE}/${scenario}`);
      expect(record.trajectory.some((step) => 'parent_call_id' in step && step.parent_call_id !== undefined), scenario).toBe(false);
      expect(record.trajectory.some((step) => step.type === 'tool_call' && step.name === 'exec'), scenario).toBe(true);
    }
  });

  it('direct-tool mode has no nested steps', () => {
    const nested = records.filter((r) => r.source_path.startsWith(`${DIRECT}/`)).flatMap((r) => r.trajectory.filter((step) => 'parent_call_id' in step && step.parent_call_id !== undefined));
    expect(nested).toEqual([]);
  });

  it('Desktop code mode: persisted end events become steps, once even when an item repeats them', () => {
    const record = recordOf('fixtures/code-mode');
    const nested = record.trajectory.filter((step) => 'parent_call_id' in step && step.parent_call_id !== undefined);
    expect(nested.map((step) => step.type)).toEqual(['shell_command', 'tool_output', 'tool_call', 'tool_output']);
    expect(nested[0]).toMatchObject({ command: ['/bin/zsh', '-lc', 'npm run build'], parent_call_id: 'call_cm_1' });
    expect(nested[1]).toMatchObject({ output: 'build failed: missing module\n', exit_code: 1 });
    expect(nested[2]).toMatchObject({ name: 'title', namespace: 'mcp__browser', arguments: '{"url":"http://localhost:3000"}' });
    expect(expectNestedInsideParents(record.trajectory)).toBe(4);
  });
});
