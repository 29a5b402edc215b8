/**
 * Cross-version consistency of the rl record (issue 3, item 5): the same scripted
 * scenario recorded by 13 Codex setups (0.8.0 to 0.169.0) must give the same step
 * sequence, prompt, final response and success flag, except where a version really
 * did something different. Those differences are the explicit, commented table
 * VERSION_DIFFERENCES below; nothing else may differ.
 *
 * Steps are compared by a signature: the step type, with tool calls named by what
 * they are (MCP names normalized across `server__tool`, `mcp__server__tool` and
 * namespaced calls), and apply_patch sent through the shell marked as such.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isCodexVersionIn } from '../../src/codex/codex-version.js';
import type { TrajectoryRecord, TrajectoryStep } from '../../src/trajectory/rl-schema.js';
import { convertToRecords, listOracleCases, ORACLE_DIR } from './convert-records.js';
import { SCENARIO_OUTCOME } from './expectations.js';

type Signature = string;

/** The step sequence of each scenario as a current Codex (0.100-0.130, direct tools) records it. */
const REFERENCE: Record<string, Signature[]> = {
  message: ['user', 'reasoning', 'assistant'],
  'shell-ok': ['user', 'reasoning', 'shell', 'output', 'assistant'],
  'shell-fail': ['user', 'reasoning', 'shell', 'output', 'assistant'],
  'multi-shell': ['user', 'reasoning', 'shell', 'output', 'shell', 'output', 'reasoning', 'shell', 'output', 'assistant'],
  'parallel-shell': ['user', 'reasoning', 'shell', 'shell', 'output', 'output', 'assistant'],
  'apply-patch': ['user', 'reasoning', 'shell', 'output', 'reasoning', 'call:apply_patch', 'output', 'assistant'],
  'apply-patch-fail': ['user', 'call:apply_patch', 'output', 'assistant'],
  plan: ['user', 'reasoning', 'call:update_plan', 'output', 'call:update_plan', 'output', 'assistant'],
  'view-image': ['user', 'reasoning', 'call:view_image', 'output:image', 'assistant'],
  'web-search': ['user', 'reasoning', 'call:web_search', 'assistant'],
  mcp: ['user', 'reasoning', 'call:mcp:tiny/echo', 'output', 'call:mcp:tiny/fail', 'output', 'assistant'],
  'multi-turn': ['user', 'reasoning', 'shell', 'output', 'assistant', 'user', 'reasoning', 'assistant'],
  compact: ['user', 'reasoning', 'shell', 'output', 'assistant'],
  interrupted: ['user', 'shell', 'output', 'reasoning'],
  error: ['user'],
  'error-failed': ['user'],
};

type VersionDifference = {
  /** The Codex versions (labels) that behave this way, as [from, until) ranges or exact labels. */
  applies: (label: string, scenario: string) => boolean;
  /** Turns the reference sequence into what this version records. */
  expect: (steps: Signature[]) => Signature[];
};

const before = (until: string) => (label: string) => isCodexVersionIn(label, '0.0.0', until);
const replaceAll = (from: Signature, to: Signature) => (steps: Signature[]) => steps.map((step) => (step === from ? to : step));

/**
 * What each version really did differently (see the oracle README, "Format differences
 * observed"). Applied in this order to the reference sequence.
 */
const VERSION_DIFFERENCES: Record<string, VersionDifference> = {
  // 0.8 persists no reasoning items at all.
  'no reasoning in 0.8': {
    applies: (label) => label === '0.8.0',
    expect: (steps) => steps.filter((step) => step !== 'reasoning'),
  },
  // Up to 0.40 apply_patch is not a tool of its own: the model calls the shell with
  // ["apply_patch", patch] (0.8 through local_shell) and Codex intercepts it.
  'apply_patch through the shell up to 0.40': {
    applies: before('0.47.0'),
    expect: replaceAll('call:apply_patch', 'shell:apply_patch'),
  },
  // Up to 0.58 the two calls of one response are written call, output, call, output;
  // from 0.66 both calls come first, then both outputs. In 0.169 code mode each command's
  // item is written whole (command and output) when it finishes: one by one again.
  'parallel calls written one by one up to 0.58 and in 0.169.0 code mode': {
    applies: (label, scenario) => scenario === 'parallel-shell' && (before('0.66.0')(label) || label === '0.169.0'),
    expect: (steps) => {
      const at = steps.indexOf('shell');
      expect(steps.slice(at, at + 4)).toEqual(['shell', 'shell', 'output', 'output']);
      return [...steps.slice(0, at), 'shell', 'output', 'shell', 'output', ...steps.slice(at + 4)];
    },
  },
  // web_search_call is not persisted up to 0.58 (0.8/0.20 ignore the item; 0.29-0.58
  // drop it from the rollout although exec --json reported the search).
  'web search not persisted up to 0.58': {
    applies: before('0.66.0'),
    expect: (steps) => steps.filter((step) => step !== 'call:web_search'),
  },
  // 0.8 and 0.20 answer view_image with "unsupported call: view_image": no image. (0.29-0.100
  // inject the image as an image-only user message; the record puts it on the tool output,
  // where 0.130+ have it.)
  'view_image unsupported before 0.29': {
    applies: (label, scenario) => scenario === 'view-image' && before('0.29.0')(label),
    expect: (steps) => steps.map((step) => (step === 'output:image' ? 'output' : step)),
  },
  // Up to 0.47 the reasoning item streamed before the stalled response is not persisted
  // when the interrupt hits.
  'interrupted reasoning not persisted up to 0.47': {
    applies: (label, scenario) => scenario === 'interrupted' && before('0.58.0')(label),
    expect: (steps) => steps.filter((step) => step !== 'reasoning'),
  },
  // 0.169's default model runs in code mode: one freeform `exec` JavaScript tool wraps
  // every shell, apply_patch, update_plan, view_image and MCP call (web search stays
  // model-side). The record turns each action run inside `exec` into its own steps; the
  // wrappers are left out of the comparison (see codeModeSignatures). Three actions differ:
  // update_plan and a patch that fails to parse leave no item at all inside `exec`, and
  // the viewed image reaches the model on the exec output, not on view_image's own.
  'update_plan inside exec leaves no trace in 0.169.0': {
    applies: (label, scenario) => label === '0.169.0' && scenario === 'plan',
    expect: (steps) => dropCallsAndOutputs(steps, 'call:update_plan'),
  },
  'a patch that fails to parse inside exec leaves no trace in 0.169.0': {
    applies: (label, scenario) => label === '0.169.0' && scenario === 'apply-patch-fail',
    expect: (steps) => dropCallsAndOutputs(steps, 'call:apply_patch'),
  },
  'view_image inside exec: the image is on the exec output in 0.169.0': {
    applies: (label, scenario) => label === '0.169.0' && scenario === 'view-image',
    expect: replaceAll('output:image', 'output'),
  },
  // 0.169 with gpt-5.5 defers MCP tools: the model first searches for them (tool_search),
  // then reasons again before calling.
  'deferred MCP tools in 0.169.0+gpt-5.5': {
    applies: (label, scenario) => label === '0.169.0+gpt-5.5' && scenario === 'mcp',
    expect: (steps) => steps.flatMap((step, index) => (index === 1 ? [step, 'call:tool_search', 'output', 'reasoning'] : [step])),
  },
};

/** The steps without each `call` signature and the output that follows it. */
function dropCallsAndOutputs(steps: Signature[], call: Signature): Signature[] {
  return steps.filter((step, index) => step !== call && !(step === 'output' && steps[index - 1] === call));
}

/** Code mode: the `exec` wrapper calls and their outputs, left out; the actions nested in them stay. */
const CODE_MODE = (label: string) => label === '0.169.0';

function withoutExecWrappers(steps: TrajectoryStep[]): TrajectoryStep[] {
  const wrappers = new Set(steps.flatMap((step) => (step.type === 'tool_call' && step.name === 'exec' && step.call_id ? [step.call_id] : [])));
  return steps.filter((step) => !((step.type === 'tool_call' || step.type === 'tool_output') && step.call_id !== null && wrappers.has(step.call_id)));
}

/**
 * 0.8 loses the tail of every codex process at exit (the rollout writer panics or is cut
 * off): each turn of its record is a prefix of the expected turn. Compared turn by turn,
 * because the resumed process of multi-turn appended turn two after the damage.
 */
const LOSES_TAIL = (label: string) => label === '0.8.0';

function signatureOf(step: TrajectoryStep): Signature {
  switch (step.type) {
    case 'user_message':
      return step.content === '' && step.images?.length ? 'user:image' : 'user';
    case 'assistant_message':
      return 'assistant';
    case 'reasoning':
      return 'reasoning';
    case 'tool_output':
      return step.images?.length ? 'output:image' : 'output';
    case 'shell_command':
      return step.command[0] === 'apply_patch' ? 'shell:apply_patch' : 'shell';
    case 'tool_call':
      return `call:${toolKind(step.name, step.namespace)}`;
    case 'context':
    case 'compaction':
    case 'inter_agent_message':
      return step.type;
  }
}

/** Injected context and compactions differ by version by design (test/trajectory/context.test.ts covers them). */
const isModelOrUserStep = (step: TrajectoryStep) => step.type !== 'context' && step.type !== 'compaction';

/** MCP calls named `tiny__echo` (<= 0.47), `mcp__tiny__echo` (0.58-0.100) or namespaced (0.130+). */
function toolKind(name: string, namespace: string | undefined): string {
  if (namespace?.startsWith('mcp__')) return `mcp:${namespace.slice('mcp__'.length).replace(/__$/, '')}/${name}`;
  const mcp = /^(?:mcp__)?([a-z0-9-]+)__(.+)$/.exec(name);
  return mcp ? `mcp:${mcp[1]}/${mcp[2]}` : name;
}

function expectedSignatures(label: string, scenario: string): Signature[] {
  const reference = REFERENCE[scenario];
  if (!reference) throw new Error(`no reference sequence for ${scenario}`);
  return Object.values(VERSION_DIFFERENCES).reduce((steps, difference) => (difference.applies(label, scenario) ? difference.expect(steps) : steps), reference);
}

function splitTurns(steps: Signature[]): Signature[][] {
  const turns: Signature[][] = [];
  for (const step of steps) {
    if (step === 'user' || turns.length === 0) turns.push([]);
    turns[turns.length - 1]?.push(step);
  }
  return turns;
}

/** The record of a case: the session with every turn (0.29 resumes into a second file). */
function sessionRecord(records: TrajectoryRecord[], dir: string): TrajectoryRecord | undefined {
  const mine = records.filter((record) => record.source_path.startsWith(`${dir}/`));
  return mine.sort((a, b) => b.turn_count - a.turn_count || b.trajectory.length - a.trajectory.length)[0];
}

const cases = listOracleCases();
const scenarios = [...new Set(cases.map((c) => c.scenario))];
let records: TrajectoryRecord[];

beforeAll(async () => {
  ({ records } = await convertToRecords([ORACLE_DIR]));
});

describe('cross-version consistency of the rl record', () => {
  it('every scenario has a reference sequence and an expected outcome', () => {
    expect(Object.keys(REFERENCE).sort()).toEqual([...scenarios].sort());
    expect(Object.keys(SCENARIO_OUTCOME).sort()).toEqual([...scenarios].sort());
  });

  describe.each(scenarios)('%s', (scenario) => {
    const labels = cases.filter((c) => c.scenario === scenario);

    it.each(labels)('$label: step sequence', ({ label, dir }) => {
      const record = sessionRecord(records, dir);
      expect(record).toBeDefined();
      if (!record) return;
      const steps = record.trajectory.filter(isModelOrUserStep);
      const actual = (CODE_MODE(label) ? withoutExecWrappers(steps) : steps).map(signatureOf);
      const expected = expectedSignatures(label, scenario);
      if (!LOSES_TAIL(label)) {
        expect(actual).toEqual(expected);
        return;
      }
      const actualTurns = splitTurns(actual);
      const expectedTurns = splitTurns(expected);
      expect(actualTurns.length).toBe(expectedTurns.length);
      actualTurns.forEach((turn, index) => expect(turn).toEqual(expectedTurns[index]?.slice(0, turn.length)));
    });

    it('same prompt, final response and success flag in every version (0.8 lost its tails)', () => {
      const sessions = labels.map(({ label, dir }) => ({ label, record: sessionRecord(records, dir) }));
      expect(new Set(sessions.map(({ record }) => record?.prompt)).size).toBe(1);
      const complete = sessions.filter(({ label }) => !LOSES_TAIL(label) || scenario === 'message');
      expect(new Set(complete.map(({ record }) => record?.final_response)).size).toBe(1);
      expect(new Set(complete.map(({ record }) => record?.success))).toEqual(new Set([SCENARIO_OUTCOME[scenario] === 'completed']));
      for (const { label, record } of sessions) {
        if (LOSES_TAIL(label) && scenario !== 'message') expect(record?.success, label).toBe(false);
      }
    });
  });
});
