/**
 * Each RFC rule `validate` checks beyond the schema, with a document that breaks it and
 * the located message it gets; and `validate` itself on ATIF files: schema errors and
 * rule violations are reported by file and JSON path.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Violation } from '../../../src/check/violation.js';
import { checkAtifRules } from '../../../src/formats/atif/atif-rules.js';
import { isIsoTimestamp } from '../../../src/formats/atif/iso-timestamp.js';
import type { AtifStep, AtifTrajectory } from '../../../src/trajectory/atif-schema.js';
import { validatePaths } from '../../../src/validate/validate-paths.js';

function trajectory(steps: AtifStep[], more: Partial<AtifTrajectory> = {}): AtifTrajectory {
  return { schema_version: 'ATIF-v1.7', session_id: 's', agent: { name: 'codex', version: '1' }, steps, ...more };
}

const good = (): AtifStep[] => [
  { step_id: 1, timestamp: '2026-01-02T03:04:05Z', source: 'user', message: 'hi' },
  {
    step_id: 2,
    timestamp: '2026-01-02T03:04:06.5+02:00',
    source: 'agent',
    message: '',
    tool_calls: [{ tool_call_id: 'c1', function_name: 'f', arguments: {} }],
    observation: { results: [{ source_call_id: 'c1', content: 'ok' }, { content: 'no call' }] },
    metrics: { prompt_tokens: 1 },
  },
];

describe('the ATIF rules', () => {
  it('accept a valid trajectory', () => {
    expect(checkAtifRules(trajectory(good()))).toEqual([]);
  });

  it('step ids run 1, 2, 3 ... in order', () => {
    const steps = good();
    steps[1]!.step_id = 3;
    expect(checkAtifRules(trajectory(steps))).toEqual([{ path: '$.steps[1].step_id', message: 'expected 2 (step ids run 1, 2, 3 ... in order), got 3' }]);
  });

  it('timestamps are ISO 8601', () => {
    const steps = good();
    steps[0]!.timestamp = '02/01/2026 03:04';
    expect(checkAtifRules(trajectory(steps))).toEqual([{ path: '$.steps[0].timestamp', message: 'not an ISO 8601 timestamp: "02/01/2026 03:04"' }]);
    for (const ok of ['2026-01-02', '2026-01-02T03:04', '2026-01-02 03:04:05.123456', '2026-01-02T03:04:05-0500']) expect(isIsoTimestamp(ok), ok).toBe(true);
    for (const bad of ['2026-13-02T00:00:00Z', '2026-02-30', '2026-01-02T24:00:00Z', '2026-01-02T03:04:05ZZ', 'yesterday']) expect(isIsoTimestamp(bad), bad).toBe(false);
  });

  it('model_name, reasoning, tool_calls and metrics belong to agent steps only', () => {
    const steps = good();
    Object.assign(steps[0]!, { model_name: 'm', reasoning_content: 'r', tool_calls: [], metrics: {}, reasoning_effort: 'low' });
    expect(checkAtifRules(trajectory(steps)).map((v) => v.path)).toEqual([
      '$.steps[0].model_name',
      '$.steps[0].reasoning_effort',
      '$.steps[0].reasoning_content',
      '$.steps[0].tool_calls',
      '$.steps[0].metrics',
    ]);
    expect(checkAtifRules(trajectory(steps))[0]!.message).toBe('only agent steps have model_name; this step\'s source is "user"');
  });

  it('an agent step with llm_call_count 0 has no metrics or reasoning', () => {
    const steps = good();
    Object.assign(steps[1]!, { llm_call_count: 0, reasoning_content: 'r' });
    expect(checkAtifRules(trajectory(steps)).map((v) => v.path)).toEqual(['$.steps[1].metrics', '$.steps[1].reasoning_content']);
  });

  it('every observation result points at a call of its own step', () => {
    const steps = good();
    steps[1]!.observation!.results.push({ source_call_id: 'c9', content: 'x' });
    expect(checkAtifRules(trajectory(steps))).toEqual([{ path: '$.steps[1].observation.results[2].source_call_id', message: '"c9" is not the tool_call_id of a call in step 2' }]);
    // A call of another step does not count.
    const moved = good();
    moved[0] = { step_id: 1, source: 'system', message: '', observation: { results: [{ source_call_id: 'c1' }] } };
    expect(checkAtifRules(trajectory(moved)).map((v) => v.path)).toEqual(['$.steps[0].observation.results[0].source_call_id']);
  });

  it('tool call ids are unique in their step', () => {
    const steps = good();
    steps[1]!.tool_calls!.push({ tool_call_id: 'c1', function_name: 'g', arguments: {} });
    expect(checkAtifRules(trajectory(steps))).toEqual([{ path: '$.steps[1].tool_calls[1].tool_call_id', message: 'duplicate tool_call_id "c1" in step 2' }]);
  });

  it('subagent references resolve, and embedded subagents have unique ids and follow the rules too', () => {
    const steps = good();
    steps[1]!.observation!.results[0]!.subagent_trajectory_ref = [{ session_id: 'only' }, { trajectory_id: 'missing' }, { trajectory_id: 'sub-1' }, { trajectory_path: 'x.json' }];
    const sub = trajectory([{ step_id: 2, source: 'user', message: '' }], { trajectory_id: 'sub-1' });
    const found = checkAtifRules(trajectory(steps, { subagent_trajectories: [sub, { ...sub }, { ...sub, trajectory_id: null }] }));
    expect(found).toEqual([
      { path: '$.subagent_trajectories[1].trajectory_id', message: 'duplicate trajectory_id "sub-1" among subagent_trajectories' },
      { path: '$.subagent_trajectories[2].trajectory_id', message: 'an embedded subagent trajectory needs a trajectory_id' },
      { path: '$.steps[1].observation.results[0].subagent_trajectory_ref[0]', message: 'names neither trajectory_id nor trajectory_path, so it resolves to nothing' },
      { path: '$.steps[1].observation.results[0].subagent_trajectory_ref[1].trajectory_id', message: '"missing" is not the trajectory_id of any of subagent_trajectories' },
      ...[0, 1, 2].map((i) => ({ path: `$.subagent_trajectories[${i}].steps[0].step_id`, message: 'expected 1 (step ids run 1, 2, 3 ... in order), got 2' })),
    ]);
  });
});

describe('validate on ATIF files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rk-atif-validate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function violationsOf(name: string, value: unknown, schema?: 'atif'): Promise<Violation[]> {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(value));
    const violations: Violation[] = [];
    await validatePaths([file], { schema, onViolation: (v) => violations.push(v) });
    return violations;
  }

  it('reports rule violations by file and path', async () => {
    const steps = good();
    steps[1]!.observation!.results[0]!.source_call_id = 'nope';
    const file = path.join(dir, 's.atif.json');
    expect(await violationsOf('s.atif.json', trajectory(steps))).toEqual([{ file, path: '$.steps[1].observation.results[0].source_call_id', message: '"nope" is not the tool_call_id of a call in step 2' }]);
  });

  it('reports schema violations (and skips the rules on a document that does not fit)', async () => {
    const found = await violationsOf('bad.atif.json', { ...trajectory(good()), steps: [{ step_id: 1, source: 'robot', message: 'x', surprise: 1 }] });
    expect(found.map((v) => [v.path, v.message])).toEqual([
      ['$.steps[0]', 'must NOT have additional properties: "surprise"'],
      ['$.steps[0].source', 'must be equal to one of the allowed values: "system", "user", "agent"'],
    ]);
  });

  it('checks any JSON file as ATIF with --schema atif (a Harbor trajectory.json)', async () => {
    const steps = good();
    steps[0]!.step_id = 7;
    expect((await violationsOf('trajectory.json', trajectory(steps), 'atif')).map((v) => v.path)).toEqual(['$.steps[0].step_id']);
  });
});
