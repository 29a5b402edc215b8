// Byte parity with real `codex exec --json` output (fixtures/exec-json, copied from the oracle
// corpus: one codex binary per version, one scripted session per scenario). Each scenario feeds
// the EventMsg stream the recorded session produced (the same content the rollout holds), with
// the version's rollout-content differences as parameters, through execDialectFor(version), and
// compares the printed lines with the real ones.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EventMsg } from '../../src/codex/event-msg.js';
import { EventProcessor } from '../../src/translate/event-processor.js';
import { execDialectFor } from '../../src/translate/exec-dialect.js';
import { serializeThreadEvent } from '../../src/translate/thread-event-json.js';
import { threadEventSchema } from '../../src/translate/thread-events.js';

const LABELS = ['0.47.0', '0.58.0', '0.80.0', '0.100.0', '0.130.0', '0.169.0'] as const;
type Label = (typeof LABELS)[number];

function readExecLines(label: string, name: string): string[] {
  const url = new URL(`../../fixtures/exec-json/${label}/${name}.jsonl`, import.meta.url);
  return readFileSync(url, 'utf8').split('\n').filter((line) => line !== '');
}

function runExec(label: string, script: EventMsg[]): string[] {
  const ep = new EventProcessor({ dialect: execDialectFor(label) });
  const events = script.flatMap((msg) => ep.process(msg));
  for (const event of events) threadEventSchema.parse(event);
  return events.map(serializeThreadEvent);
}

/** Until 0.130 the changes of a file_change come from a Rust HashMap: compare them as a set. */
function comparable(line: string, label: Label): string {
  if (!line.includes('"type":"file_change"') || execDialectFor(label).fileChangeStarted) return line;
  const event = JSON.parse(line) as { item: { changes: { path: string }[] } };
  event.item.changes.sort((a, b) => (a.path < b.path ? -1 : 1));
  return JSON.stringify(event);
}

/** Whether `label` was recorded with an older codex than `than`. */
const older = (label: Label, than: Label) => LABELS.indexOf(label) < LABELS.indexOf(than);

// --- the recorded sessions, as EventMsg -------------------------------------------------

const start = (): EventMsg[] => [{ type: 'task_started', model_context_window: 258400 }];
const reasoning = (text: string): EventMsg => ({ type: 'agent_reasoning', text });
const message = (text: string): EventMsg => ({ type: 'agent_message', message: text });
const done = (last: string | null): EventMsg => ({ type: 'task_complete', last_agent_message: last });

function tokens(input: number, cached: number, output: number, reasoningTokens: number): EventMsg {
  const total = { input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoningTokens };
  return { type: 'token_count', info: { total_token_usage: total, last_token_usage: total, model_context_window: 258400 } };
}

/** 0.47-0.58 run the model's `shell` argv as is; 0.66+ wrap a command string in /bin/bash -lc. */
function command(label: Label, callId: string, script: string, output: string, exitCode: number): EventMsg[] {
  const bash = older(label, '0.80.0') ? 'bash' : '/bin/bash';
  return [
    { type: 'exec_command_begin', call_id: callId, command: [bash, '-lc', script], cwd: '/home/user/project' },
    {
      type: 'exec_command_end',
      call_id: callId,
      stdout: output,
      stderr: '',
      aggregated_output: output,
      exit_code: exitCode,
      status: exitCode === 0 ? 'completed' : 'failed',
    },
  ];
}

/** MCP text blocks as the rollout holds them: mcp_types order until 0.80, rmcp order after. */
const textBlock = (label: Label, text: string) => (older(label, '0.100.0') ? { text, type: 'text' } : { type: 'text', text });

const HIGH_DEMAND = "We're currently experiencing high demand, which may cause temporary errors.";
const COMPACT_WARNING_OLD =
  'Heads up: Long conversations and multiple compactions can cause the model to be less accurate. Start a new conversation when possible to keep conversations small and targeted.';
const COMPACT_WARNING =
  'Heads up: Long threads and multiple compactions can cause the model to be less accurate. Start a new thread when possible to keep threads small and targeted.';
const SEARCH_IDS: Partial<Record<Label, string>> = { '0.100.0': 'ws_mwq0vn74d8', '0.130.0': 'ws_mwq0vqyfem', '0.169.0': 'ws_mwq0vvicg0' };
const QUERY = 'rust 2024 edition release date';
const PLAN_1 = [
  { step: 'Inspect the repo', status: 'in_progress' },
  { step: 'Write the code', status: 'pending' },
  { step: 'Run the tests', status: 'pending' },
] as const;
const PLAN_2 = [
  { step: 'Inspect the repo', status: 'completed' },
  { step: 'Write the code', status: 'completed' },
  { step: 'Run the tests', status: 'in_progress' },
] as const;
const P = '/home/user/project';

const SCENARIOS: Record<string, (label: Label) => EventMsg[]> = {
  'shell-fail': (label) => [
    ...start(),
    reasoning('**Running a failing command**'),
    ...command(label, 'call_shell_1', "echo 'about to fail' >&2; sh -c 'exit 3'", 'about to fail\n', 3),
    message('The command failed with exit code 3.'),
    tokens(4350, 1800, 56, 8),
    done('The command failed with exit code 3.'),
  ],
  mcp: (label) => {
    const echo = { server: 'tiny', tool: 'echo', arguments: { text: 'ping ✓' } };
    const fail = { server: 'tiny', tool: 'fail', arguments: { reason: 'scripted failure' } };
    const text = 'echo returned "ping ✓"; fail returned an error as expected.';
    return [
      ...start(),
      reasoning('**Calling MCP echo**'),
      { type: 'mcp_tool_call_begin', call_id: 'call_mcp_1', invocation: echo },
      { type: 'mcp_tool_call_end', call_id: 'call_mcp_1', invocation: echo, result: { Ok: { content: [textBlock(label, 'ping ✓')], is_error: false } } },
      { type: 'mcp_tool_call_begin', call_id: 'call_mcp_2', invocation: fail },
      {
        type: 'mcp_tool_call_end',
        call_id: 'call_mcp_2',
        invocation: fail,
        result: { Ok: { content: [textBlock(label, 'tiny: failure requested (scripted failure)')], is_error: true } },
      },
      message(text),
      tokens(7050, 3900, 81, 8),
      done(text),
    ];
  },
  'web-search': (label) => {
    const callId = SEARCH_IDS[label] ?? 'ws_call';
    const action = { type: 'search', query: QUERY };
    const text = 'The Rust 2024 edition shipped with Rust 1.85 (February 2025).';
    // 0.100 still sends a begin; the 0.130+ rollouts only persist web_search_end.
    const begin: EventMsg[] = label === '0.100.0' ? [{ type: 'web_search_begin', call_id: callId }] : [];
    return [
      ...start(),
      reasoning('**Searching the web**'),
      ...begin,
      { type: 'web_search_end', call_id: callId, query: QUERY, action },
      message(text),
      tokens(2000, 0, 41, 8),
      done(text),
    ];
  },
  'apply-patch': (label) => {
    const text = 'Patched: added added.txt, updated update_me.txt, deleted delete_me.txt.';
    return [
      ...start(),
      reasoning('**Preparing files**'),
      ...command(
        label,
        'call_prep',
        "printf 'line1\\nline2\\nline3\\n' > update_me.txt && printf 'bye\\n' > delete_me.txt && ls",
        'README.md\ndelete_me.txt\nupdate_me.txt\n',
        0,
      ),
      reasoning('**Applying patch**'),
      {
        type: 'patch_apply_begin',
        call_id: 'call_applypatch_2',
        auto_approved: true,
        changes: {
          [`${P}/added.txt`]: { add: { content: 'brand new file\nsecond line\n' } },
          [`${P}/update_me.txt`]: { update: { unified_diff: '@@ -1,3 +1,3 @@\n line1\n-line2\n+line2 (patched)\n line3\n', move_path: null } },
          [`${P}/delete_me.txt`]: { delete: { content: 'bye\n' } },
        },
      },
      { type: 'patch_apply_end', call_id: 'call_applypatch_2', stdout: 'Success.', stderr: '', success: true, status: 'completed' },
      message(text),
      tokens(7050, 3900, 96, 16),
      done(text),
    ];
  },
  plan: (label) => {
    const text = 'Plan done: inspected, wrote code, tests running.';
    // 0.47 answered update_plan with "unsupported call": no plan_update at all.
    const updates: EventMsg[] =
      label === '0.47.0'
        ? []
        : [
            { type: 'plan_update', explanation: 'Initial plan', plan: [...PLAN_1] },
            { type: 'plan_update', explanation: 'Progress update', plan: [...PLAN_2] },
          ];
    return [...start(), reasoning('**Planning**'), ...updates, message(text), tokens(7050, 3900, 81, 8), done(text)];
  },
  error: (label) => {
    const retry = label === '0.47.0' ? 'Re-connecting... 1/1' : 'Reconnecting... 1/1';
    const cause = label === '0.169.0' ? HIGH_DEMAND.replace("'", '’') : HIGH_DEMAND;
    return [
      ...start(),
      { type: 'stream_error', message: retry, additional_details: cause },
      { type: 'error', message: cause },
      done(null),
    ];
  },
  compact: (label) => {
    const notices: EventMsg[] =
      label === '0.47.0'
        ? [message('Compact task completed')]
        : label === '0.58.0'
          ? [message('Compact task completed'), { type: 'warning', message: COMPACT_WARNING_OLD }]
          : [{ type: 'warning', message: COMPACT_WARNING }];
    return [
      ...start(),
      reasoning('**Running echo**'),
      ...command(label, 'call_compact_1', 'echo compact-me', 'compact-me\n', 0),
      ...notices,
      message('Finished after compaction.'),
      tokens(157000, 2000, 110, 10),
      done('Finished after compaction.'),
    ];
  },
  interrupted: (label) => [
    ...start(),
    ...command(label, 'call_hang_1', 'echo before-hang', 'before-hang\n', 0),
    reasoning('**Thinking for a long time**'),
    { type: 'turn_aborted', reason: 'interrupted' },
  ],
};

describe('exec --json parity with the oracle corpus', () => {
  for (const label of LABELS) {
    for (const [scenario, script] of Object.entries(SCENARIOS)) {
      it(`${label} ${scenario}`, () => {
        const expected = readExecLines(label, scenario);
        const threadId = (JSON.parse(expected[0] ?? '{}') as { thread_id: string }).thread_id;
        const actual = runExec(label, [{ type: 'session_configured', session_id: threadId }, ...script(label)]);
        expect(actual.map((l) => comparable(l, label))).toEqual(expected.map((l) => comparable(l, label)));
      });
    }
  }

  it('0.58.0 multi-turn: each exec process (resume) starts its own item counter', () => {
    const threadId = '01a1fcc6-81e1-7da1-ba08-132029f34127';
    const first = runExec('0.58.0', [
      { type: 'session_configured', session_id: threadId },
      ...start(),
      reasoning('**Turn one**'),
      ...command('0.58.0', 'call_turn1', 'echo turn-one', 'turn-one\n', 0),
      message('Turn one printed `turn-one`.'),
      tokens(4350, 1800, 56, 8),
      done('Turn one printed `turn-one`.'),
    ]);
    expect(first).toEqual(readExecLines('0.58.0', 'multi-turn-1'));
    const second = runExec('0.58.0', [
      { type: 'session_configured', session_id: threadId },
      ...start(),
      reasoning('**Turn two**'),
      message('Goodbye from turn two!'),
      tokens(2700, 2100, 40, 0),
      done('Goodbye from turn two!'),
    ]);
    expect(second).toEqual(readExecLines('0.58.0', 'multi-turn-2'));
  });
});
