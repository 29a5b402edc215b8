import type { Dialect } from './dialects.js';
import { LineWriter } from './line-writer.js';
import type { Random } from './random.js';
import { SessionLines } from './session-lines.js';
import { formatEnvironmentContext, type SessionText } from './session-text.js';
import { makeToolInvocation, type ToolState } from './tool-calls.js';

/** How a session ends; a share of real sessions do not end with a completed turn. */
export type SessionOutcome = 'completed' | 'failed' | 'aborted' | 'incomplete';

export type SessionPlan = {
  dialect: Dialect;
  sessionId: string;
  startMs: number;
  /** The session stops starting new turns once its file reaches this many bytes. */
  targetBytes: number;
  cwd: string;
  outcome: SessionOutcome;
  /** Interactive sessions (`codex`) vs `codex exec`. */
  interactive: boolean;
};

export type SessionFileStats = { bytes: number; lines: number };

/** Context compaction kicks in when the model's context nears the window, as in Codex. */
const COMPACT_AT_TOKENS = 200_000;

function userMessageItem(s: SessionLines, text: string, role: 'user' | 'developer'): void {
  s.responseItem({ type: 'message', role, content: [{ type: 'input_text', text }] }, 'msg');
}

function writeSessionMeta(s: SessionLines, plan: SessionPlan, text: SessionText): void {
  const d = plan.dialect;
  const originator = plan.interactive ? 'codex_cli_rs' : 'codex_exec';
  const source = plan.interactive ? 'cli' : 'exec';
  const git = { commit_hash: s.rng.hex(40), branch: s.rng.pick(['main', 'main', 'develop', `feat/${text.pools.identifier(s.rng)}`]), repository_url: `git@github.com:acme/${plan.cwd.slice(plan.cwd.lastIndexOf('/') + 1)}.git` };
  const timestamp = new Date(s.clock).toISOString();
  let payload: Record<string, unknown>;
  if (!d.baseInstructions) {
    payload = { id: plan.sessionId, timestamp, cwd: plan.cwd, originator, cli_version: d.name, instructions: d.name === '0.58.0' ? null : text.skills, source, model_provider: 'openai', git };
  } else if (!d.paginated) {
    payload = { id: plan.sessionId, timestamp, cwd: plan.cwd, originator, cli_version: d.name, source, model_provider: 'openai', base_instructions: { text: text.baseInstructions[d.name] }, git };
  } else {
    payload = {
      account_scoped: true, session_id: plan.sessionId, id: plan.sessionId, timestamp, cwd: plan.cwd, runtime_workspace_roots: [plan.cwd],
      originator, cli_version: d.name, source, thread_source: 'user', model_provider: 'openai',
      base_instructions: { text: text.baseInstructions[d.name], provenance: { type: 'model', model: d.model } },
      history_mode: 'paginated', context_window: { window_id: s.newUuid() }, git,
    };
  }
  s.line('session_meta', payload);
}

function writeTurnContext(s: SessionLines, text: SessionText): void {
  const d = s.dialect;
  const collaboration = { mode: 'default', settings: { model: d.model, reasoning_effort: 'medium', developer_instructions: null } };
  let payload: Record<string, unknown>;
  switch (d.name) {
    case '0.58.0':
      payload = { cwd: s.cwd, approval_policy: 'on-request', sandbox_policy: { mode: 'workspace-write', network_access: false }, model: d.model, effort: 'medium', summary: 'auto' };
      break;
    case '0.80.0':
      payload = { cwd: s.cwd, approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write', network_access: false }, model: d.model, effort: 'medium', summary: 'auto', user_instructions: text.skills, truncation_policy: { mode: 'bytes', limit: 10000 } };
      break;
    case '0.100.0':
      payload = { turn_id: s.turnId, cwd: s.cwd, approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write', network_access: false }, model: d.model, personality: 'pragmatic', collaboration_mode: collaboration, effort: 'medium', summary: 'auto', user_instructions: text.skills, truncation_policy: { mode: 'tokens', limit: 10000 } };
      break;
    case '0.130.0':
      payload = { turn_id: s.turnId, cwd: s.cwd, current_date: new Date(s.clock).toISOString().slice(0, 10), timezone: 'Etc/UTC', approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write', network_access: false }, permission_profile: { type: 'workspace-write' }, model: d.model, personality: 'pragmatic', collaboration_mode: collaboration, realtime_active: false, summary: 'auto', truncation_policy: { mode: 'tokens', limit: 10000 } };
      break;
    case '0.169.0':
      payload = { turn_id: s.turnId, root_turn_id: s.turnId, disabled_plugin_ids: [], cwd: s.cwd, approval_policy: 'on-request', approvals_reviewer: 'user', permission_profile: { type: 'workspace-write' }, model: d.model, comp_hash: String(s.rng.int(1000, 9999)), collaboration_mode: collaboration, multi_agent_version: 'v1', realtime_active: false, summary: 'auto', sandbox_policy: { type: 'workspace-write', network_access: false } };
      break;
  }
  s.line('turn_context', payload);
}

function writeTaskStarted(s: SessionLines): void {
  const d = s.dialect;
  if (!d.taskEvents) return;
  const startedAt = Math.floor(s.clock / 1000);
  if (d.paginated) {
    s.event({
      type: 'task_started',
      turn_attribution: { turn_id: s.turnId, turn_trigger: 'user', parent_turn_id: null, initiating_agent_path: null, root_turn_id: s.turnId },
      turn_id: s.turnId, root_turn_id: s.turnId, started_at: startedAt, model_context_window: 258400, collaboration_mode_kind: 'default',
    });
  } else if (d.name === '0.130.0') {
    s.event({ type: 'task_started', turn_id: s.turnId, started_at: startedAt, model_context_window: 258400, collaboration_mode_kind: 'default' });
  } else {
    s.event({ type: 'task_started', turn_id: s.turnId, model_context_window: 258400, collaboration_mode_kind: 'default' });
  }
}

function writeTaskComplete(s: SessionLines, lastAgentMessage: string | null, error?: unknown): void {
  const d = s.dialect;
  if (!d.taskEvents) return;
  if (d.name === '0.100.0') {
    s.event({ type: 'task_complete', turn_id: s.turnId, last_agent_message: lastAgentMessage });
    return;
  }
  const timing = {
    started_at: Math.floor(s.turnStartedMs / 1000),
    completed_at: Math.floor(s.clock / 1000),
    duration_ms: s.clock - s.turnStartedMs,
    time_to_first_token_ms: s.rng.int(80, 3000),
  };
  const base = d.paginated ? { type: 'task_complete', root_turn_id: s.turnId, turn_id: s.turnId } : { type: 'task_complete', turn_id: s.turnId };
  s.event(error === undefined ? { ...base, last_agent_message: lastAgentMessage, ...timing } : { ...base, last_agent_message: lastAgentMessage, error, ...timing });
}

/** The injected context at the start of a session: permissions, skills, AGENTS.md, environment. */
function writeInitialContext(s: SessionLines, plan: SessionPlan, text: SessionText): void {
  const d = plan.dialect;
  const agentsMd = s.rng.chance(0.7) ? s.rng.pick(text.agentsMd) : undefined;
  const agentsMessage = (body: string) => `# AGENTS.md instructions for ${plan.cwd}\n\n<INSTRUCTIONS>\n${body}\n</INSTRUCTIONS>`;
  const env = formatEnvironmentContext(d.name, plan.cwd, new Date(s.clock).toISOString());
  if (d.paginated) {
    userMessageItem(s, `<skills_instructions>\n${text.skills}\n</skills_instructions>`, 'developer');
    userMessageItem(s, text.permissions, 'developer');
    userMessageItem(s, '<tools>\nDeferred tool namespaces:\n- multi_agent_v1: Tools for spawning and managing sub-agents.\n</tools>', 'developer');
    if (agentsMd !== undefined) userMessageItem(s, agentsMessage(agentsMd), 'user');
    userMessageItem(s, env, 'user');
    s.line('world_state', {
      full: true,
      state: {
        agents_md: agentsMd === undefined ? {} : { [`${plan.cwd}/AGENTS.md`]: agentsMd },
        apps_instructions: false,
        collaboration_mode: { mode: 'default', model: d.model, instructions: s.rng.hex(40) },
        environments: { environments: { local: { cwd: plan.cwd, status: 'available', shell: 'bash' } }, current_date: new Date(s.clock).toISOString().slice(0, 10), timezone: 'Etc/UTC' },
        host_skills: { body: text.skills },
      },
    });
    return;
  }
  if (d.name === '0.130.0') {
    userMessageItem(s, text.permissions, 'developer');
    userMessageItem(s, `<skills_instructions>\n${text.skills}\n</skills_instructions>`, 'developer');
    if (agentsMd !== undefined) userMessageItem(s, agentsMessage(agentsMd), 'user');
    userMessageItem(s, env, 'user');
    return;
  }
  if (d.name === '0.100.0') userMessageItem(s, text.permissions, 'developer');
  if (d.name === '0.58.0') {
    if (agentsMd !== undefined) userMessageItem(s, agentsMessage(agentsMd), 'user');
  } else {
    userMessageItem(s, agentsMessage(agentsMd === undefined ? text.skills : `${agentsMd}\n\n${text.skills}`), 'user');
  }
  userMessageItem(s, env, 'user');
}

/** The real user prompt of a turn, in each version's shape. */
function writeUserPrompt(s: SessionLines, prompt: string): void {
  if (s.dialect.paginated) {
    s.responseItem({ type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] }, 'msg', { user_input_order: 0 });
    s.itemCompleted({ type: 'UserMessage', id: s.newUuid(), content: [{ type: 'text', text: prompt, text_elements: [] }] });
    return;
  }
  userMessageItem(s, prompt, 'user');
  s.event(s.dialect.name === '0.58.0' || s.dialect.name === '0.80.0'
    ? { type: 'user_message', message: prompt, images: [] }
    : { type: 'user_message', message: prompt, images: [], local_images: [], text_elements: [] });
}

function writeReasoning(s: SessionLines, text: SessionText): number {
  const { rng } = s;
  const summaries: string[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) summaries.push(`**${text.pools.prose(rng, 20).replace(/\.$/, '')}**\n\n${text.pools.prose(rng, rng.int(40, 700))}`);
  let encrypted: string | null = null;
  if (rng.chance(0.6)) {
    const length = rng.int(1000, 8000);
    const at = rng.int(0, text.encryptedBlob.length - length);
    encrypted = `gAAAAA${text.encryptedBlob.slice(at, at + length)}`;
  }
  // A few models also expose raw reasoning text (persisted as `content`).
  const raw = rng.chance(0.05) ? [{ type: 'reasoning_text', text: text.pools.prose(rng, rng.int(200, 3000)) }] : null;
  const summary = summaries.map((t) => ({ type: 'summary_text', text: t }));
  if (s.dialect.paginated) {
    const id = s.newItemId('rs');
    s.itemCompleted({ type: 'Reasoning', id, summary_text: summaries, raw_content: raw === null ? [] : raw.map((r) => r.text) });
    s.responseItem({ type: 'reasoning', id, summary, content: raw, encrypted_content: encrypted });
  } else {
    for (const t of summaries) s.event({ type: 'agent_reasoning', text: t });
    s.responseItem({ type: 'reasoning', summary, content: raw, encrypted_content: encrypted });
  }
  return rng.int(16, 1200);
}

function writeAgentMessage(s: SessionLines, message: string, phase: 'commentary' | 'final_answer'): void {
  const d = s.dialect;
  if (d.paginated) {
    const id = s.newItemId('msg');
    s.itemCompleted({ type: 'AgentMessage', id, content: [{ type: 'Text', text: message }], phase });
    s.responseItem({ type: 'message', status: 'completed', id, role: 'assistant', content: [{ type: 'output_text', text: message, annotations: [] }], phase });
    return;
  }
  s.event(d.name === '0.130.0' ? { type: 'agent_message', message, phase, memory_citation: null } : { type: 'agent_message', message });
  s.responseItem({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: message }] });
}

function writeCompaction(s: SessionLines, text: SessionText, recentPrompts: readonly string[]): void {
  const d = s.dialect;
  const message = `Another language model started to solve this problem and produced a summary of its thinking process.\nSummary: ${text.pools.prose(s.rng, s.rng.int(500, 4000))}`;
  if (d.name === '0.58.0' || d.name === '0.80.0' || d.name === '0.100.0') {
    s.line('compacted', { message });
  } else {
    const replacement_history = [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: text.permissions }] },
      ...recentPrompts.map((p) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text: p }] })),
      { type: 'compaction_summary', encrypted_content: `gAAAAA${text.encryptedBlob.slice(0, s.rng.int(2000, 12000))}` },
    ];
    s.line('compacted', { message, replacement_history });
  }
  if (d.paginated) s.itemCompleted({ type: 'ContextCompaction', id: s.newUuid() });
  else s.event({ type: 'context_compacted' });
  s.contextTokens = Math.ceil(message.length / 4) + 3000;
}

/** One model request: reasoning, maybe a preamble, tool calls; then the tool outputs. */
function writeToolRound(s: SessionLines, text: SessionText, state: ToolState, first: boolean): void {
  const { rng } = s;
  if (!first && !s.dialect.paginated) writeTurnContext(s, text);
  s.tick(300, 8000);
  const reasoningTokens = rng.chance(0.8) ? writeReasoning(s, text) : 0;
  if (rng.chance(0.25)) writeAgentMessage(s, text.pools.prose(rng, rng.int(40, 300)), 'commentary');
  const calls = [makeToolInvocation(s, text, state)];
  if (state.runningProcess === undefined && rng.chance(0.1)) {
    for (let i = rng.int(1, 3); i > 0; i--) calls.push(makeToolInvocation(s, text, state));
  }
  for (const c of calls) c.call();
  s.modelResponse(rng.int(30, 2500), reasoningTokens);
  for (const c of calls) c.output();
}

function writeTurn(s: SessionLines, text: SessionText, state: ToolState, prompt: string, firstTurn: boolean, plan: SessionPlan, recentPrompts: readonly string[], sessionTarget: number): void {
  const { rng, dialect: d } = s;
  s.startTurn();
  if (!firstTurn) s.tick(20_000, 3_600_000);
  // Line order around the prompt differs by version (see the oracle corpus).
  if (d.paginated || d.name === '0.130.0') {
    writeTaskStarted(s);
    if (firstTurn) writeInitialContext(s, plan, text);
    writeTurnContext(s, text);
    if (d.paginated && firstTurn) {
      s.event({ type: 'thread_settings_applied', thread_id: s.sessionId, thread_settings: { model: d.model, model_provider_id: 'openai', approval_policy: 'on-request', cwd: s.cwd, reasoning_summary: 'auto' } });
    }
    writeUserPrompt(s, prompt);
  } else {
    if (firstTurn) writeInitialContext(s, plan, text);
    writeTaskStarted(s);
    writeUserPrompt(s, prompt);
    writeTurnContext(s, text);
  }
  if (firstTurn && !d.paginated) s.event({ type: 'token_count', info: null, rate_limits: s.rateLimits() });

  // Most turns use a handful of tools; a few are long autonomous runs.
  const rounds = rng.chance(0.1) ? 0 : rng.chance(0.85) ? rng.int(1, 10) : rng.int(10, 40);
  for (let r = 0; r < rounds && s.bytes < sessionTarget; r++) {
    writeToolRound(s, text, state, r === 0);
    if (s.contextTokens > COMPACT_AT_TOKENS) writeCompaction(s, text, recentPrompts);
  }
  if (rounds > 0 && !d.paginated) writeTurnContext(s, text);
  s.tick(500, 20000);
  const reasoningTokens = rng.chance(0.5) ? writeReasoning(s, text) : 0;
  const answer = text.pools.prose(rng, Math.round(rng.logUniform(40, 4000)));
  writeAgentMessage(s, answer, 'final_answer');
  s.modelResponse(Math.ceil(answer.length / 4), reasoningTokens);
  writeTaskComplete(s, answer);
}

/** The last turn of a session that did not end well. */
function writeBadEnding(s: SessionLines, text: SessionText, state: ToolState, outcome: Exclude<SessionOutcome, 'completed'>): void {
  const { rng, dialect: d } = s;
  s.startTurn();
  s.tick(20_000, 600_000);
  writeTaskStarted(s);
  writeUserPrompt(s, text.pools.prose(rng, rng.int(20, 400)));
  writeTurnContext(s, text);
  if (outcome === 'failed') {
    // The request failed on the server: no answer, and (0.169) an error on task_complete.
    s.tick(500, 5000);
    writeTaskComplete(s, null, d.paginated ? { message: 'We’re currently experiencing high demand, which may cause temporary errors.', codex_error_info: 'internal_server_error' } : undefined);
    return;
  }
  s.tick(300, 8000);
  writeReasoning(s, text);
  const call = makeToolInvocation(s, text, state);
  call.call();
  s.modelResponse(rng.int(30, 500), 0);
  if (outcome === 'incomplete') return; // the file ends with a call that never got its output
  s.tick(1000, 30000);
  userMessageItem(s, '<turn_aborted>\nThe user interrupted the previous turn on purpose. Any running unified exec processes were terminated. If any tools/commands were aborted, they may have partially executed; verify current state before retrying.\n</turn_aborted>', 'user');
  s.event(d.paginated ? { type: 'turn_aborted', root_turn_id: s.turnId, turn_id: s.turnId, reason: 'interrupted' } : { type: 'turn_aborted', turn_id: s.turnId, reason: 'interrupted' });
}

/**
 * Writes one synthetic rollout file. Memory stays flat whatever `targetBytes` is: lines are
 * streamed through a bounded buffer and only counters are kept across turns.
 */
export function writeSession(path: string, plan: SessionPlan, text: SessionText, rng: Random): SessionFileStats {
  const out = new LineWriter(path);
  let closed = false;
  try {
    const s = new SessionLines(out, plan.dialect, rng, plan.cwd, plan.startMs, plan.sessionId);
    const state: ToolState = { discoveredServers: new Set() };
    writeSessionMeta(s, plan, text);
    const recentPrompts: string[] = [];
    // Leave room for a bad ending so the file still lands near its target size.
    const target = plan.targetBytes;
    let firstTurn = true;
    do {
      const prompt = text.pools.prose(rng, Math.round(rng.logUniform(20, 2500)));
      recentPrompts.push(prompt);
      if (recentPrompts.length > 3) recentPrompts.shift();
      writeTurn(s, text, state, prompt, firstTurn, plan, recentPrompts, target);
      firstTurn = false;
    } while (s.bytes < target);
    if (plan.outcome !== 'completed') writeBadEnding(s, text, state, plan.outcome);
    out.close();
    closed = true;
    return { bytes: out.bytes, lines: out.lines };
  } finally {
    if (!closed) out.close();
  }
}
