/**
 * Gathers what the session filters look at while a file is converted, and holds a
 * filtered-out session back from its output: the gate sits between the projection and
 * the writer, counts the steps, and at the session's end either lets the summary through
 * or cancels the session (a writer without `cancel` is a slot the caller cancels when the
 * file reports no session).
 */
import type { ReplayResult } from '../replay/replay-result.js';
import type { RolloutRecord } from '../rollout/records.js';
import type { StepWriter } from '../projection/session-projection.js';
import { isImportedTurnId } from '../codex/imported-session.js';
import { rejectingFilter, type AgentRole, type FilterName, type SessionFacts, type SessionFilters } from './session-filter.js';

export class SessionGate {
  private startedAt: string | null = null;
  private firstTimestamp: string | null = null;
  private model: string | null = null;
  private cwd: string | null = null;
  private originator: string | null = null;
  /** From the first header: a Desktop fork's copy of its parent's header comes second. */
  private agent: AgentRole | null = null;
  private imported = false;
  private replay: ReplayResult | null = null;
  /** The filter that dropped the session, once it ended. */
  rejectedBy: FilterName | null = null;

  constructor(
    private readonly filters: SessionFilters,
    private readonly keepRolledBack: boolean,
  ) {}

  observe(record: RolloutRecord): void {
    this.firstTimestamp ??= record.at.timestamp;
    if (record.kind === 'session_meta') {
      const meta = record.meta;
      this.startedAt ??= meta.timestamp ?? null;
      this.cwd ??= meta.cwd ?? null;
      this.originator ??= meta.originator ?? null;
      this.agent ??= agentRoleOf(meta);
      const model = (meta as { model?: unknown }).model;
      if (typeof model === 'string') this.model ??= model;
    } else if (record.kind === 'event_msg') {
      if (record.event.type === 'task_started' && isImportedTurnId(record.event.turn_id)) this.imported = true;
    } else if (record.kind === 'turn_context') {
      // The record's model is the latest one the session used.
      if (record.context.model) this.model = record.context.model;
      this.cwd ??= record.context.cwd ?? null;
    }
  }

  replayed(result: ReplayResult): void {
    this.replay = result;
  }

  wrap<Step, Summary>(writer: StepWriter<Step, Summary> & { cancel?: () => Promise<void> }): StepWriter<Step, Summary> {
    let steps = 0;
    return {
      writeStep: (step) => {
        steps++;
        return writer.writeStep(step);
      },
      end: async (summary) => {
        this.rejectedBy = rejectingFilter(this.filters, { ...this.facts(steps), ...recordFacts(summary) });
        if (this.rejectedBy === null) return writer.end(summary);
        await writer.cancel?.();
      },
    };
  }

  private facts(steps: number): SessionFacts {
    const turns = this.replay?.turns.filter((turn) => this.keepRolledBack || !turn.rolledBack).length ?? 0;
    return {
      outcome: this.replay?.outcome ?? 'incomplete',
      startedAt: this.startedAt ?? this.firstTimestamp,
      model: this.model,
      cwd: this.cwd,
      originator: this.originator,
      turns,
      steps,
      agent: this.agent ?? 'main',
      imported: this.imported,
    };
  }
}

/**
 * The RL record's own fields, where the summary is one: the filters then judge exactly what
 * is written (its cwd, for one, also comes from the environment context older Codex sent).
 */
function recordFacts(summary: unknown): Partial<SessionFacts> {
  if (typeof summary !== 'object' || summary === null || !('turn_count' in summary)) return {};
  const record = summary as { started_at?: string | null; model?: string | null; cwd?: string | null; originator?: string | null };
  const facts: Partial<SessionFacts> = {};
  if (record.started_at !== undefined) facts.startedAt = record.started_at;
  if (record.model !== undefined) facts.model = record.model;
  if (record.cwd !== undefined) facts.cwd = record.cwd;
  if (record.originator !== undefined) facts.originator = record.originator;
  return facts;
}

/**
 * A sub-agent's session says so in its header: an `agent` role where the rollout records
 * one, else `source` is `{"subagent": ...}` (Codex's SessionSource::SubAgent) or "subagent".
 */
function agentRoleOf(meta: Record<string, unknown>): AgentRole {
  const agent = meta['agent'];
  if (typeof agent === 'object' && agent !== null && typeof (agent as { role?: unknown }).role === 'string') {
    return (agent as { role: string }).role === 'subagent' ? 'subagent' : 'main';
  }
  const source = meta['source'];
  if (source === 'subagent') return 'subagent';
  if (typeof source === 'object' && source !== null && 'subagent' in source) return 'subagent';
  return 'main';
}
