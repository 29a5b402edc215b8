/**
 * Replays one rollout as the EventMsg stream Codex emitted live, which is what
 * the exec translator consumes. Rollouts persist only part of that stream
 * (docs/format.md §10 and §11), so the rest is rebuilt:
 * - turn boundaries, when the file has no task_started/task_complete;
 * - command executions, file changes, MCP calls, web searches and plan updates,
 *   from the model's tool calls paired with their outputs by call_id — or, where
 *   a version persisted them, from its end events / `item_completed` records.
 * Sources per generation: legacy files have only response items; wrapped files
 * carry messages and reasoning as events; paginated 2026 files carry them and
 * the tool executions as `item_completed` records.
 */
import type { RolloutGeneration } from '../rollout/detect.js';
import type { PersistedEvent, PersistedEventOf } from '../rollout/persisted-event.js';
import type { RolloutRecord } from '../rollout/records.js';
import type { ResponseItem } from '../rollout/response-item.js';
import type { EventMsg, TokenUsage } from '../codex/event-msg.js';
import type { Outcome } from '../codex/outcome.js';
import { CallReplay } from './call-replay.js';
import { compactionWarningFor } from './compaction-warning.js';
import { replayTurnItem } from './turn-item.js';
import { decideOutcome, newTurnState, type TurnState, UNRECORDED_ERROR } from './turns.js';
import { extractAssistantText, extractUserInput } from '../codex/user-input.js';
import { sessionIdOf } from '../rollout/session-header.js';

export type ReplayResult = {
  outcome: Outcome;
  error: string | null;
  turnCount: number;
  /** Cumulative token usage from the last token count, if any. */
  usage: TokenUsage | null;
};

type SessionReplayOptions = {
  generation: RolloutGeneration;
  /**
   * Rebuild the tool execution events (default true). Outputs that read only how the
   * session ended (the RL record's outcome, turn count and usage) turn this off: the
   * calls' exec, patch and MCP events are then not built (see CallReplay).
   */
  toolEvents?: boolean;
};

export class SessionReplay {
  private readonly generation: RolloutGeneration;
  private sessionId: string | null = null;
  private cliVersion: string | null = null;
  private pendingCompactionWarning: string | null = null;
  private paginated = false;
  /** The file marks turns itself (task_started / task_complete). */
  private explicitTurns = false;
  private turn: TurnState | null = null;
  private turnCount = 0;
  private lastOutcome: Outcome = 'incomplete';
  private lastError: string | null = null;
  private usage: TokenUsage | null = null;
  private readonly calls: CallReplay;

  constructor(options: SessionReplayOptions) {
    this.generation = options.generation;
    this.calls = new CallReplay({ toolEvents: options.toolEvents ?? true });
  }

  push(record: RolloutRecord): EventMsg[] {
    const out: EventMsg[] = [];
    const warnAfter = this.pendingCompactionWarning !== null && isCompactTaskMessage(record);
    if (!warnAfter) this.flushCompactionWarning(out);
    this.replayRecord(record, out);
    if (warnAfter) this.flushCompactionWarning(out);
    return out;
  }

  private flushCompactionWarning(out: EventMsg[]): void {
    if (this.pendingCompactionWarning === null) return;
    out.push({ type: 'warning', message: this.pendingCompactionWarning });
    this.pendingCompactionWarning = null;
  }

  private replayRecord(record: RolloutRecord, out: EventMsg[]): void {
    switch (record.kind) {
      case 'session_meta':
        if (this.sessionId === null) {
          this.sessionId = sessionIdOf(record.meta);
          this.paginated = record.meta.history_mode === 'paginated';
          this.cliVersion = record.meta.cli_version ?? null;
          if (this.sessionId !== null) out.push({ type: 'session_configured', session_id: this.sessionId });
          if (record.meta.cwd) this.calls.cwd = record.meta.cwd;
        }
        break;
      case 'turn_context':
        if (record.context.cwd) this.calls.cwd = record.context.cwd;
        break;
      case 'response_item':
        if (record.origin === 'session') this.replayResponseItem(record.item, out);
        break;
      case 'event_msg':
        this.replayEvent(record.event, out);
        break;
      case 'response_completed':
        // The response's own items may be lost (Codex 0.8), but the model did answer.
        this.ensureTurn(out).hasOutput = true;
        break;
      case 'compacted':
        // Codex warned right after the compaction (and after 0.58's "Compact task completed" message).
        this.pendingCompactionWarning = compactionWarningFor(this.cliVersion);
        break;
    }
  }

  /** Closes the last turn at the end of the file. */
  finish(): EventMsg[] {
    const out: EventMsg[] = [];
    this.flushCompactionWarning(out);
    if (this.turn && !this.explicitTurns) this.endImplicitTurn(out);
    else if (this.turn) {
      // The file ends inside a turn that never completed (a crash or a kill).
      this.lastOutcome = this.turn.aborted ? 'aborted' : 'incomplete';
      this.turn = null;
    }
    return out;
  }

  result(): ReplayResult {
    return { outcome: this.lastOutcome, error: this.lastError, turnCount: this.turnCount, usage: this.usage };
  }

  private replayResponseItem(item: ResponseItem, out: EventMsg[]): void {
    this.calls.observeContext(item);
    if (item.type === 'message') {
      // Legacy files have no events: response items are the only source of turns and messages.
      if (this.generation !== 'legacy') return;
      if (item.role === 'user') {
        const input = extractUserInput(item);
        // view_image (0.29) injects the image as an image-only user message inside the turn.
        if (input && (input.text !== '' || !this.turn)) this.startImplicitTurn(out, input.text, input.images);
      } else if (item.role === 'assistant') {
        const text = extractAssistantText(item);
        if (text) this.emitOutput(out, { type: 'agent_message', message: text }, true);
      }
      return;
    }
    if (item.type === 'reasoning') {
      if (this.generation !== 'legacy') return;
      for (const part of item.summary) if (part.text) this.emitOutput(out, { type: 'agent_reasoning', text: part.text }, false);
      return;
    }
    const turn = this.ensureTurn(out);
    this.calls.replayItem(item, out, turn, { fromItemsOnly: this.paginated });
  }

  private replayEvent(event: PersistedEvent, out: EventMsg[]): void {
    switch (event.type) {
      case 'user_message':
        // Sep-Oct 2025 also wrote injected context as user_message events, marked by `kind`.
        if (event.kind && event.kind !== 'plain') return;
        if (!this.explicitTurns) this.startImplicitTurn(out, event.message, event.images ?? []);
        else out.push({ type: 'user_message', message: event.message, images: event.images ?? [] });
        return;
      case 'agent_message':
        this.emitOutput(out, { type: 'agent_message', message: event.message }, true);
        return;
      case 'agent_reasoning':
        this.emitOutput(out, { type: 'agent_reasoning', text: event.text }, false);
        return;
      case 'token_count':
        if (event.info) {
          this.usage = event.info.total_token_usage;
          out.push({ type: 'token_count', info: { total_token_usage: event.info.total_token_usage } });
        }
        return;
      case 'task_started':
        this.explicitTurns = true;
        if (this.turn) this.lastOutcome = this.turn.aborted ? 'aborted' : 'incomplete';
        this.beginTurn(out);
        return;
      case 'task_complete':
        this.completeExplicitTurn(event, out);
        return;
      case 'turn_aborted': {
        const turn = this.ensureTurn(out);
        turn.aborted = true;
        this.lastOutcome = 'aborted';
        this.lastError = `turn aborted: ${event.reason ?? 'interrupted'}`;
        // exec printed nothing more for an aborted turn: the process was interrupted.
        this.turn = null;
        this.calls.abandonOpenCalls();
        return;
      }
      case 'error': {
        const turn = this.ensureTurn(out);
        turn.error = event.message;
        turn.errorEmitted = true;
        out.push({ type: 'error', message: event.message });
        return;
      }
      case 'item_completed':
        replayTurnItem(event.item, out, {
          startTurn: (text, images) => (this.explicitTurns ? undefined : this.startImplicitTurn(out, text, images)),
          output: (msg, isMessage) => this.emitOutput(out, msg, isMessage),
          calls: this.calls,
          turn: () => this.ensureTurn(out),
        });
        return;
      default:
        this.calls.replayEndEvent(event, out, this.ensureTurn(out));
    }
  }

  private emitOutput(out: EventMsg[], msg: EventMsg, isMessage: boolean): void {
    const turn = this.ensureTurn(out);
    turn.hasOutput = true;
    turn.endsWithMessage = isMessage;
    out.push(msg);
  }

  /** Output before any user input (a resumed or odd file): open a turn for it. */
  private ensureTurn(out: EventMsg[]): TurnState {
    return this.turn ?? this.beginTurn(out);
  }

  private beginTurn(out: EventMsg[]): TurnState {
    this.turn = newTurnState();
    this.turnCount++;
    this.calls.turn = this.turn;
    out.push({ type: 'task_started' });
    return this.turn;
  }

  private startImplicitTurn(out: EventMsg[], message: string, images: string[]): void {
    if (this.turn) this.endImplicitTurn(out);
    this.beginTurn(out);
    out.push({ type: 'user_message', message, images });
  }

  private endImplicitTurn(out: EventMsg[]): void {
    const turn = this.turn;
    if (!turn) return;
    const outcome = decideOutcome(turn, false);
    this.closeTurn(outcome, outcome === 'failed' ? (turn.error ?? UNRECORDED_ERROR) : null, out, null);
  }

  private completeExplicitTurn(event: PersistedEventOf<'task_complete'>, out: EventMsg[]): void {
    const turn = this.ensureTurn(out);
    if (event.error?.message) turn.error = event.error.message;
    const outcome = decideOutcome(turn, true);
    this.closeTurn(outcome, outcome === 'failed' ? (turn.error ?? UNRECORDED_ERROR) : null, out, event.last_agent_message ?? null);
  }

  /**
   * exec turns a turn into `turn.failed` when an error event preceded task_complete;
   * where the rollout lost that error event, it is re-emitted here.
   */
  private closeTurn(outcome: Outcome, error: string | null, out: EventMsg[], lastAgentMessage: string | null): void {
    const turn = this.turn;
    if (turn && outcome === 'failed' && error !== null && !turn.errorEmitted) out.push({ type: 'error', message: error });
    this.lastOutcome = outcome;
    this.lastError = error;
    this.calls.abandonOpenCalls();
    // A turn cut short (no final message, calls left open) was never reported by exec.
    if (outcome === 'completed' || outcome === 'failed') out.push({ type: 'task_complete', last_agent_message: lastAgentMessage });
    this.turn = null;
  }
}

/** The agent message Codex itself wrote when a compact task finished (0.47-0.58). */
function isCompactTaskMessage(record: RolloutRecord): boolean {
  return record.kind === 'event_msg' && record.event.type === 'agent_message' && record.event.message === 'Compact task completed';
}
