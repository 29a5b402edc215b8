/**
 * The whole oracle corpus (and the extra recordings: async messages, a fork) converted
 * to ATIF by the real pipeline: every trajectory fits the published schema and the RFC's
 * rules, and its values are the record's: the system instructions, the prompt, every
 * call with its name and arguments, every output as the observation of its call's step
 * (same text), the turn usage on the last agent step of each turn, the session usage in
 * final_metrics.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaValidators } from '../../../src/check/schema-validators.js';
import { convert } from '../../../src/convert/convert.js';
import { checkAtifRules } from '../../../src/formats/atif/atif-rules.js';
import { toAtifArguments } from '../../../src/formats/atif/atif-arguments.js';
import type { AtifStep, AtifTrajectory } from '../../../src/trajectory/atif-schema.js';
import type { TrajectoryRecord } from '../../../src/trajectory/rl-schema.js';
import { convertToRecords, REPO_ROOT } from '../../trajectory/convert-records.js';

const INPUTS = ['fixtures/oracle', 'fixtures/oracle-extra'];
const MODEL_OUTPUT: ReadonlySet<string> = new Set(['reasoning', 'assistant_message', 'tool_call', 'shell_command']);

let dir: string;
let trajectories: AtifTrajectory[];
let records: Map<string, TrajectoryRecord>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-atif-'));
  const report = await convert({ inputs: INPUTS, format: 'atif', outDir: dir, discover: { cwd: REPO_ROOT, env: {} } });
  const files = readdirSync(dir).filter((name) => name.endsWith('.atif.json'));
  expect(files.length).toBe(report.sessions);
  trajectories = files.map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as AtifTrajectory);
  records = new Map((await convertToRecords(INPUTS)).records.map((record) => [record.source_path, record]));
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recordOf(trajectory: AtifTrajectory): TrajectoryRecord {
  const record = records.get((trajectory.extra as { source_path: string }).source_path);
  if (!record) throw new Error(`no record for ${trajectory.session_id}`);
  return record;
}

describe('the oracle corpus as ATIF', () => {
  it('is one trajectory per session, each valid against the published schema and the RFC rules', () => {
    expect(trajectories.length).toBeGreaterThan(200);
    expect(trajectories.length).toBe(records.size);
    const validate = createSchemaValidators()('atif');
    for (const trajectory of trajectories) {
      expect(validate(trajectory), trajectory.session_id ?? '').toEqual([]);
      expect(checkAtifRules(trajectory), trajectory.session_id ?? '').toEqual([]);
      expect(trajectory.steps.map((step) => step.step_id)).toEqual(trajectory.steps.map((_, index) => index + 1));
    }
  });

  it('starts with the system instructions and holds the prompt as a user step', () => {
    for (const trajectory of trajectories) {
      const record = recordOf(trajectory);
      expect(trajectory.session_id).toBe(record.session_id);
      expect(trajectory.agent.model_name ?? null).toBe(record.model);
      if (record.system_instructions !== null) expect(trajectory.steps[0]).toMatchObject({ source: 'system', message: record.system_instructions });
      if (record.prompt !== null) expect(trajectory.steps.some((step) => step.source === 'user' && step.message === record.prompt)).toBe(true);
      if (record.final_response !== null) expect(agentSteps(trajectory).some((step) => String(step.message).includes(record.final_response!))).toBe(true);
    }
  });

  it('links every output to the call it answers, in the step that made the call', () => {
    let linked = 0;
    for (const trajectory of trajectories) {
      const record = recordOf(trajectory);
      const stepOfCall = new Map<string, AtifStep>();
      for (const step of agentSteps(trajectory)) for (const call of step.tool_calls ?? []) stepOfCall.set(call.tool_call_id, step);
      for (const step of record.trajectory) {
        if ((step.type === 'tool_call' || step.type === 'shell_command') && step.call_id !== null) {
          const call = stepOfCall.get(step.call_id)?.tool_calls?.find((c) => c.tool_call_id === step.call_id);
          expect(call?.function_name, step.call_id).toBe(step.name);
          expect(call?.arguments).toEqual(toAtifArguments(step.arguments).arguments);
        }
        if (step.type !== 'tool_output') continue;
        const owner = stepOfCall.get(step.call_id);
        const result = owner?.observation?.results.find((r) => r.source_call_id === step.call_id);
        if (owner) {
          expect(result?.content, step.call_id).toBe(step.output);
          linked += 1;
        } else {
          expect(trajectory.steps.some((s) => s.observation?.results.some((r) => (r.extra as { call_id?: string } | undefined)?.call_id === step.call_id))).toBe(true);
        }
      }
    }
    expect(linked).toBeGreaterThan(200);
  });

  it('puts each turn\'s usage on its last agent step, and the session usage in final_metrics', () => {
    let turnsWithMetrics = 0;
    for (const trajectory of trajectories) {
      const record = recordOf(trajectory);
      const withMetrics = agentSteps(trajectory).filter((step) => step.metrics);
      const turns = record.turns.filter((turn) => turn.usage && withMetrics.some((step) => (step.metrics!.extra as { turn: number }).turn === turn.index));
      turnsWithMetrics += turns.length;
      expect(withMetrics.length).toBe(turns.length);
      const sum = (pick: (step: AtifStep) => number) => withMetrics.reduce((total, step) => total + pick(step), 0);
      expect(sum((step) => step.metrics!.prompt_tokens ?? 0)).toBe(turns.reduce((total, turn) => total + turn.usage!.input_tokens, 0));
      expect(sum((step) => step.metrics!.completion_tokens ?? 0)).toBe(turns.reduce((total, turn) => total + turn.usage!.output_tokens, 0));
      expect(sum((step) => step.metrics!.cached_tokens ?? 0)).toBe(turns.reduce((total, turn) => total + turn.usage!.cached_input_tokens, 0));
      // Every turn with usage and a model response carries its metrics (on its last agent step, by construction).
      const answered = record.turns.filter((turn) => turn.usage && record.trajectory.some((step) => step.turn === turn.index && MODEL_OUTPUT.has(step.type)));
      expect(turns.map((turn) => turn.index)).toEqual(answered.map((turn) => turn.index));
      expect(trajectory.final_metrics?.total_steps).toBe(trajectory.steps.length);
      expect(trajectory.final_metrics?.total_prompt_tokens ?? null).toBe(record.usage?.input_tokens ?? null);
      expect(trajectory.final_metrics?.total_completion_tokens ?? null).toBe(record.usage?.output_tokens ?? null);
      expect(trajectory.final_metrics?.total_cached_tokens ?? null).toBe(record.usage?.cached_input_tokens ?? null);
    }
    expect(turnsWithMetrics).toBeGreaterThan(150);
  });

  it('makes one agent step per model response: a parallel call pair shares its step', () => {
    const parallel = trajectories.find((t) => recordOf(t).source_path.includes('0.130.0/parallel-shell/'))!;
    const calls = agentSteps(parallel).map((step) => (step.tool_calls ?? []).map((call) => call.tool_call_id));
    expect(calls).toEqual([['call_parallelshell_1', 'call_parallelshell_2'], []]);
    expect(agentSteps(parallel)[0]!.observation?.results.map((r) => r.source_call_id)).toEqual(['call_parallelshell_1', 'call_parallelshell_2']);
  });

  it("points each sub-agent spawn's result at the child's trajectory file, written beside it", () => {
    const children = trajectories.filter((trajectory) => (trajectory.extra as { parent_session_id?: string }).parent_session_id !== undefined);
    // oracle-extra 0.169.0 and 0.171.0 `subagent`: one child each.
    expect(children).toHaveLength(2);
    const files = new Set(readdirSync(dir));
    for (const child of children) {
      const parentId = (child.extra as { parent_session_id: string }).parent_session_id;
      const parent = trajectories.find((trajectory) => trajectory.session_id === parentId)!;
      const spawn = parent.steps.find((step) => step.tool_calls?.some((call) => call.function_name === 'spawn_agent'))!;
      const result = spawn.observation!.results.find((candidate) => candidate.source_call_id === 'call_subagent_1')!;
      expect(result.subagent_trajectory_ref).toEqual([{ session_id: child.session_id, trajectory_path: `${child.session_id}.atif.json` }]);
      expect(files.has(result.subagent_trajectory_ref![0]!.trajectory_path!)).toBe(true);
      // The bare wait names no child: its result references nothing.
      const wait = parent.steps.flatMap((step) => step.observation?.results ?? []).find((candidate) => candidate.source_call_id === 'call_subagent_2')!;
      expect(wait).not.toHaveProperty('subagent_trajectory_ref');
    }
  });
});

function agentSteps(trajectory: AtifTrajectory): AtifStep[] {
  return trajectory.steps.filter((step) => step.source === 'agent');
}
