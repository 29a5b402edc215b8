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
import type { EventMsg } from '../codex/event-msg.js';
import type { Outcome } from '../codex/outcome.js';
import { CallReplay } from './call-replay.js';
import { compactionWarningFor, isCompactTaskMessage } from './compaction-warning.js';
import { replayTurnItem } from './turn-item.js';
import { awaitsAnswer, decideOutcome, newTurnState, type TurnState, UNRECORDED_ERROR } from './turns.js';
import type { ReplayPosition, ReplayResult } from './replay-result.js';
import { TurnLog } from './turn-log.js';
import { UsageLedger } from './usage-ledger.js';
import { extractAssistantText, extractUserInput, isTurnAbortedNote } from '../codex/user-input.js';
import { sessionIdOf } from '../rollout/session-header.js';
import { isMigratedHistory, isMigrationTurnEvent } from './migrated-history.js';

export type SessionReplayOptions = {
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
  /** Rewritten by `codex migrate-rollouts` (see migrated-history.ts). */
  private migrated = false;
  private turn: TurnState | null = null;
  private readonly turns = new TurnLog();
  private readonly usage = new UsageLedger();
  /** The current record's timestamp. */
  private now: string | null = null;
  private readonly calls: CallReplay;
  private readonly reasoningParts = new Map<string, number>();

  constructor(options: SessionReplayOptions) {
    this.generation = options.generation;
    this.calls = new CallReplay({ toolEvents: options.toolEvents ?? true });
  }

  push(record: RolloutRecord): EventMsg[] {
    const out: EventMsg[] = [];
    this.turns.beginRecord();
    this.now = record.at.timestamp;
    const warnAfter = this.pendingCompactionWarning !== null && isCompactTaskMessage(record);
    if (!warnAfter) this.flushCompactionWarning(out);
    this.replayRecord(record, out);
    if (warnAfter) this.flushCompactionWarning(out);
    this.turns.touch(this.now);
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
          this.migrated = isMigratedHistory(record.meta);
          this.paginated = record.meta.history_mode === 'paginated' && !this.migrated;
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
      case 'token_usage': {
        const named = record.turnId !== null ? this.turns.byTurnId(record.turnId) : null;
        this.usage.observeRecord(record.responseId, record.usage, named?.seq ?? this.turns.open?.seq ?? null);
        break;
      }
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
    if (this.turn && !this.turns.explicit) this.endImplicitTurn(out);
    else if (this.turn) {
      // The file ends inside a turn that never completed (a crash or a kill).
      this.turns.close(this.turn.aborted ? 'aborted' : 'incomplete', this.turn.aborted ? this.turn.error : null, null);
      this.turn = null;
    }
    return out;
  }

  result(): ReplayResult {
    const last = this.turns.lastKept();
    return {
      outcome: last?.outcome ?? 'incomplete',
      error: last?.error ?? null,
      turns: this.turns.toReplayTurns((seq) => this.usage.turn(seq)),
      usage: this.usage.session(),
    };
  }

  /** Where the replay stands, for the projection (valid for the session's whole life). */
  get position(): ReplayPosition {
    return this.turns;
  }

  private replayResponseItem(item: ResponseItem, out: EventMsg[]): void {
    this.calls.observeContext(item);
    // The note Codex injects after an interrupted turn (user role; developer from 0.169) is part of that turn.
    if (!this.turn && item.type === 'message' && isTurnAbortedNote(item)) this.turns.attachToLast();
    if (this.turn) this.turn.awaitingAnswer = awaitsAnswer(item, this.turn.awaitingAnswer);
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
    // Codex writes the "aborted" outputs of an interrupted turn's calls after its turn_aborted:
    // they belong to that turn, they do not open one.
    if (!this.turn && (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') && this.turns.attachToLast()) return;
    this.calls.replayItem(item, out, this.ensureTurn(out), { fromItemsOnly: this.paginated });
  }

  private replayEvent(event: PersistedEvent, out: EventMsg[]): void {
    switch (event.type) {
      case 'user_message':
        // Sep-Oct 2025 also wrote injected context as user_message events, marked by `kind`.
        if (event.kind && event.kind !== 'plain') return;
        if (!this.turns.explicit) this.startImplicitTurn(out, event.message, event.images ?? []);
        else {
          out.push({ type: 'user_message', message: event.message, images: event.images ?? [] });
          this.turns.markUserInput();
        }
        return;
      case 'agent_message':
        this.emitOutput(out, { type: 'agent_message', message: event.message }, true);
        return;
      case 'agent_reasoning':
        this.emitOutput(out, { type: 'agent_reasoning', text: event.text }, false);
        return;
      case 'token_count':
        if (event.info) {
          this.usage.observeTokenCount(event.info, this.turns.open?.seq ?? this.turns.lastKept()?.seq ?? null);
          out.push({ type: 'token_count', info: { total_token_usage: event.info.total_token_usage } });
        }
        return;
      case 'task_started':
        if (this.migrated && isMigrationTurnEvent(event)) return;
        this.turns.explicit = true;
        if (this.turn) this.turns.close(this.turn.aborted ? 'aborted' : 'incomplete', null, null);
        this.beginTurn(out, event.turn_id ?? null);
        return;
      case 'thread_rolled_back':
        // Never a turn of its own: it removes earlier ones from what the model sees.
        this.turns.rollBack(event.num_turns);
        return;
      case 'task_complete':
        if (this.migrated && isMigrationTurnEvent(event)) return;
        this.completeExplicitTurn(event, out);
        return;
      case 'turn_aborted': {
        const turn = this.ensureTurn(out);
        turn.aborted = true;
        this.turns.close('aborted', `turn aborted: ${event.reason ?? 'interrupted'}`, this.now);
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
          startTurn: (text, images) => (this.turns.explicit ? this.turns.markUserInput() : this.startImplicitTurn(out, text, images)),
          output: (msg, isMessage) => this.emitOutput(out, msg, isMessage),
          calls: this.calls,
          turn: () => this.ensureTurn(out),
          reasoningParts: this.reasoningParts,
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
    turn.awaitingAnswer = false;
    out.push(msg);
  }

  /** Output before any user input (a resumed or odd file): open a turn for it. */
  private ensureTurn(out: EventMsg[]): TurnState {
    return this.turn ?? this.beginTurn(out);
  }

  private beginTurn(out: EventMsg[], turnId: string | null = null): TurnState {
    this.turn = newTurnState();
    this.turns.start(this.now, turnId);
    this.calls.turn = this.turn;
    out.push({ type: 'task_started' });
    return this.turn;
  }

  private startImplicitTurn(out: EventMsg[], message: string, images: string[]): void {
    if (this.turn) this.endImplicitTurn(out);
    this.beginTurn(out);
    this.turns.markUserInput();
    out.push({ type: 'user_message', message, images });
  }

  private endImplicitTurn(out: EventMsg[]): void {
    const turn = this.turn;
    if (!turn) return;
    const outcome = decideOutcome(turn, false);
    this.closeTurn(outcome, outcome, outcome === 'failed' ? (turn.error ?? UNRECORDED_ERROR) : null, out, null);
  }

  private completeExplicitTurn(event: PersistedEventOf<'task_complete'>, out: EventMsg[]): void {
    const turn = this.ensureTurn(out);
    if (event.error?.message) turn.error = event.error.message;
    const outcome = decideOutcome(turn, true);
    // task_complete says the turn is over, but if the model never answered its last tool
    // output (the stream failed and no error was persisted), it did not complete.
    const honest = outcome === 'completed' && turn.awaitingAnswer && !event.last_agent_message ? 'incomplete' : outcome;
    this.closeTurn(outcome, honest, outcome === 'failed' ? (turn.error ?? UNRECORDED_ERROR) : null, out, event.last_agent_message ?? null, this.now);
  }

  /**
   * exec turns a turn into `turn.failed` when an error event preceded task_complete;
   * where the rollout lost that error event, it is re-emitted here. `outcome` is what
   * exec reported (and what the events say), `honest` what the record says.
   */
  private closeTurn(
    outcome: Outcome,
    honest: Outcome,
    error: string | null,
    out: EventMsg[],
    lastAgentMessage: string | null,
    endedAt: string | null = null,
  ): void {
    const turn = this.turn;
    if (turn && outcome === 'failed' && error !== null && !turn.errorEmitted) out.push({ type: 'error', message: error });
    this.turns.close(honest, error, endedAt);
    this.calls.abandonOpenCalls();
    // A turn cut short (no final message, calls left open) was never reported by exec.
    if (outcome === 'completed' || outcome === 'failed') out.push({ type: 'task_complete', last_agent_message: lastAgentMessage });
    this.turn = null;
  }
}
