/**
 * Multi-agent tool calls linked to the sessions of the sub-agents they concern: the
 * `agent_session_ids` of their tool_call step (README "The session graph").
 *
 * Codex 0.169+ (multi-agent v2, the `collaboration` namespace) names a sub-agent by its
 * agent path (`/root/helper`; relative to the caller: `helper`) or by its id, which is the
 * child's thread id, that is its session id. The rollout says which session runs under which
 * path in two places:
 * - `item_completed` items `SubAgentActivity {id, kind, agent_thread_id, agent_path}`: kind
 *   `started` right after the spawn call (its `id` is the spawn call's call_id), `completed`
 *   when the child's turn ended;
 * - Codex Desktop's `event_msg` `sub_agent_activity {agent_thread_id, agent_path, kind}`,
 *   which names no call.
 * A `CollabAgentToolCall` item (same id as the call) lists the call's `receiver_thread_ids`.
 *
 * These lines come after the call, in the same turn, so a call's step is completed after it
 * was built. That is sound because the RL projection holds the open turn's steps (and the
 * ROLLBACK_WINDOW_TURNS before it) before writing them; calls are only completed during their
 * own turn. A `wait_agent` call names no target and its output ("Wait completed.") no child:
 * it stays unlinked unless its CollabAgentToolCall item lists receivers.
 */
import type { PersistedEvent, TurnItem } from '../rollout/persisted-event.js';
import type { SessionMeta } from '../rollout/session-header.js';
import { sessionLineageOf } from '../codex/session-lineage.js';
import type { ToolCallStep } from './rl-schema.js';
import type { WithoutTurn } from './built-step.js';

type BuiltToolCall = WithoutTurn<ToolCallStep>;

/** Multi-agent tools (v1 names and v2 ones); code mode's own `wait` (an `exec` cell) is not one. */
const MULTI_AGENT_TOOLS: ReadonlySet<string> = new Set([
  'spawn_agent',
  'send_input',
  'send_message',
  'followup_task',
  'wait_agent',
  'close_agent',
  'resume_agent',
  'interrupt_agent',
]);
const COLLABORATION_NAMESPACE = 'collaboration';
/** The root agent's path; a sub-agent's own path is in its header. */
const ROOT_AGENT_PATH = '/root';

type OpenCall = { step: BuiltToolCall; spawnPath: string | null };

export class SubAgentLinks {
  /** Session ids by agent path, from every activity seen so far. */
  private readonly sessionByPath = new Map<string, string>();
  private readonly knownSessions = new Set<string>();
  /** Multi-agent calls of the open turn, by call id: their step can still be completed. */
  private readonly open = new Map<string, OpenCall>();

  /** `header`: this session's header, which names its own agent path (a root's is `/root`). */
  constructor(private readonly header: () => SessionMeta | null) {}

  /** A tool call the model emitted: a multi-agent one is linked to the children its arguments name. */
  observeCall(step: BuiltToolCall, args: unknown): void {
    if (step.call_id === null || !(step.namespace === COLLABORATION_NAMESPACE || MULTI_AGENT_TOOLS.has(step.name))) return;
    const named = typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
    const spawnPath = step.name === 'spawn_agent' && typeof named.task_name === 'string' ? this.absolutePath(named.task_name) : null;
    this.open.set(step.call_id, { step, spawnPath });
    for (const target of targetsOf(named)) {
      const session = this.resolve(target);
      if (session !== null) link(step, [session]);
    }
  }

  /** Event lines: which session runs under which path, and which calls concern them. */
  observeEvent(event: PersistedEvent): void {
    if (event.type === 'sub_agent_activity') this.observeActivity(null, event.agent_thread_id, event.agent_path);
    else if (event.type === 'item_completed') this.observeItem(event.item);
    else if (event.type === 'task_started' || event.type === 'task_complete' || event.type === 'turn_aborted') this.open.clear();
  }

  private observeItem(item: TurnItem): void {
    if (item.type === 'SubAgentActivity') {
      this.observeActivity(item.kind === 'started' ? (item.id ?? null) : null, item.agent_thread_id, item.agent_path);
      return;
    }
    if (item.type !== 'CollabAgentToolCall' || !item.id) return;
    const call = this.open.get(item.id);
    const receivers = item.receiver_thread_ids ?? [];
    for (const session of receivers) this.knownSessions.add(session);
    if (call && receivers.length > 0) link(call.step, receivers);
  }

  /** `spawnCallId`: the call a `started` activity answers, when it names one. */
  private observeActivity(spawnCallId: string | null, session: string | null | undefined, path: string | null | undefined): void {
    if (!session) return;
    this.knownSessions.add(session);
    if (path) this.sessionByPath.set(path, session);
    const byId = spawnCallId !== null ? this.open.get(spawnCallId) : undefined;
    if (byId) {
      link(byId.step, [session]);
      return;
    }
    // Desktop's note names no call: the spawn call that asked for this path, not linked yet.
    if (!path) return;
    for (const call of this.open.values()) {
      if (call.spawnPath === path && call.step.agent_session_ids === undefined) link(call.step, [session]);
    }
  }

  /** A target as the model named it: a child's id (its session id), or its path, absolute or relative to the caller. */
  private resolve(target: string): string | null {
    if (this.knownSessions.has(target)) return target;
    return this.sessionByPath.get(this.absolutePath(target)) ?? null;
  }

  private absolutePath(name: string): string {
    if (name.startsWith('/')) return name;
    const agent = sessionLineageOf(this.header()).agent;
    return `${(agent.role === 'subagent' ? agent.path : null) ?? ROOT_AGENT_PATH}/${name}`;
  }
}

/** The agents a call's arguments name: v2 `target`, v1 `id` / `ids`. */
function targetsOf(args: Record<string, unknown>): string[] {
  const targets: string[] = [];
  for (const key of ['target', 'id']) if (typeof args[key] === 'string') targets.push(args[key]);
  for (const key of ['targets', 'ids']) {
    const list = args[key];
    if (Array.isArray(list)) for (const item of list) if (typeof item === 'string') targets.push(item);
  }
  return targets;
}

function link(step: BuiltToolCall, sessions: readonly string[]): void {
  const ids = step.agent_session_ids ?? [];
  for (const session of sessions) if (!ids.includes(session)) ids.push(session);
  step.agent_session_ids = ids;
}
