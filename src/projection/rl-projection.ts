/**
 * The RL record: steps streamed to the writer as they are built, summary at the end.
 *
 * Every step is tagged with its turn. A `thread_rolled_back` line removes the last
 * turns from what the model saw (replay/turn-log.ts), so their steps must leave the
 * trajectory too (or, with `keepRolledBack`, be marked). Steps already handed to the
 * writer cannot be taken back, so the steps of the newest ROLLBACK_WINDOW_TURNS turns
 * are held here and older ones are written: memory holds a few turns, never the whole
 * session. Every rollback seen in real files removes one turn; a rollback reaching
 * back further than the window keeps the turns whose steps were already written, marked
 * `rolled_back` in `turns` (indices stay consistent), instead of removing them.
 */
import type { RolloutRecord } from '../rollout/records.js';
import type { ReplayPosition, ReplayResult, ReplayTurn } from '../replay/replay-result.js';
import { isImportedTurnId } from '../codex/imported-session.js';
import type { BuiltStep, PendingStep } from '../trajectory/built-step.js';
import { usageWithout } from '../replay/usage-ledger.js';
import { CopiedHistory } from '../codex/copied-history.js';
import { RlTrajectoryBuilder, type RlBuilderOptions } from '../trajectory/rl.js';
import type { SessionSummary, Turn } from '../trajectory/rl-schema.js';
import type { ProjectionKind, SessionProjection, StepWriter } from './session-projection.js';

/** Turns whose steps are held back (the open one included). */
export const ROLLBACK_WINDOW_TURNS = 4;

export type RlProjectionOptions = RlBuilderOptions & {
  /** Keep the steps and turns of rolled-back turns, marked `rolled_back: true` (default: remove them). */
  keepRolledBack?: boolean | undefined;
  /** Keep a fork's copied parent history, its steps and turns marked `is_copied_context: true` (default: remove it). */
  keepCopied?: boolean | undefined;
};

type HeldStep = { seq: number; step: PendingStep };

export class RlProjection implements SessionProjection {
  /** Steps come from the records; of the replay only the turns are read. */
  readonly toolEvents = false;
  private readonly builder: RlTrajectoryBuilder;
  private readonly keepRolledBack: boolean;
  private readonly keepCopied: boolean;
  /** With keepCopied: the held steps built from copied lines. */
  private readonly copiedSteps = new WeakSet<PendingStep>();
  private held: HeldStep[] = [];
  /** Turns below this have written steps (or precede one): a later rollback can no longer remove them. */
  private frozenBelow = 0;
  /** Turns removed by a rollback (without keepRolledBack), by seq. */
  private readonly removed = new Set<number>();
  private rollbacksSeen = 0;
  private readonly copiedHistory = new CopiedHistory();
  /** While > 0: the turns below it (by seq) were opened by a copied parent history. */
  private copiedTurnsBelow = 0;
  /** Turns (seq 0..n-1) that a copied parent history opened. */
  private copiedTurns = 0;
  /** Per turn (seq): its first user message and its last (non-async) assistant message. */
  private readonly firstUserText = new Map<number, string>();
  private readonly lastAssistantText = new Map<number, string>();

  constructor(
    private readonly writer: StepWriter<BuiltStep, SessionSummary>,
    options: RlProjectionOptions,
  ) {
    this.builder = new RlTrajectoryBuilder(options);
    this.keepRolledBack = options.keepRolledBack ?? false;
    this.keepCopied = options.keepCopied ?? false;
  }

  async push(record: RolloutRecord, _events: unknown, position: ReplayPosition): Promise<void> {
    const steps = this.builder.push(record);
    if (this.copiedHistory.isCopied(record)) {
      // A fork's copy of its parent's history: the parent's record holds these steps.
      this.copiedTurnsBelow = position.turnCount;
      if (!this.keepCopied) return;
      for (const step of steps) this.copiedSteps.add(step);
    } else if (this.copiedTurnsBelow > 0) this.endCopiedTurns(Math.min(this.copiedTurnsBelow, position.stepTurn()));
    for (const step of steps) this.held.push({ seq: step.type === 'user_message' ? position.userInputTurn() : position.stepTurn(), step });
    if (position.rollbackCount !== this.rollbacksSeen) this.applyRollbacks(position);
    await this.writeBefore(position.turnCount - ROLLBACK_WINDOW_TURNS, position);
  }

  pushTrailing(): void {}

  async finish(replay: ReplayResult, rawItemCount: number): Promise<void> {
    for (const step of this.builder.drain()) this.held.push({ seq: replay.turns.length, step });
    // A fork whose file ends inside the copy (no line of its own): every turn it opened is the parent's.
    if (this.copiedTurnsBelow > 0) this.endCopiedTurns(this.copiedTurnsBelow);
    const kept = replay.turns.filter((turn) => !this.removed.has(turn.seq));
    const lastSeq = kept.at(-1)?.seq ?? 0;
    // Steps after the last turn closed (nothing opened another) belong to the last turn.
    for (const held of this.held) if (held.seq > lastSeq && !this.removed.has(held.seq)) held.seq = lastSeq;
    const untracked = kept.length === 0 && this.held.length > 0;
    await this.writeBefore(Number.POSITIVE_INFINITY, { isRolledBack: (seq) => replay.turns[seq]?.rolledBack ?? false });
    // An imported turn's token_count is Codex's estimate from the text's length: no model was served.
    const imported = (turn: ReplayTurn) => isImportedTurnId(turn.turnId);
    // Kept copied turns (--keep-copied) are the parent's: their tokens are the parent's too.
    const copied = (turn: ReplayTurn) => turn.seq < this.copiedTurns;
    const turns: Turn[] = kept.map((turn, index) => ({
      index,
      turn_id: turn.turnId,
      started_at: turn.startedAt,
      ended_at: turn.endedAt,
      outcome: turn.outcome,
      error: turn.error,
      usage: imported(turn) || copied(turn) ? null : turn.usage,
      ...(turn.rolledBack ? { rolled_back: true as const } : {}),
      ...(copied(turn) ? { is_copied_context: true as const } : {}),
    }));
    // A file with steps but no turn at all (no user input, no turn event): one turn holds them.
    if (untracked) turns.push(untrackedTurn(replay));
    // The prompt and final response are the fork's own, whatever copied turns are kept.
    const live = kept.filter((turn) => !turn.rolledBack && !copied(turn)).map((turn) => turn.seq);
    const prompt = live.map((seq) => this.firstUserText.get(seq)).find((text) => text !== undefined) ?? null;
    const finalResponse = live.map((seq) => this.lastAssistantText.get(seq)).findLast((text) => text !== undefined) ?? null;
    // The copy repeats the parent's token counts: those tokens are the parent's.
    const notServed = [...replay.turns.slice(0, this.copiedTurns), ...replay.turns.slice(this.copiedTurns).filter(imported)];
    const usage = usageWithout(replay.usage, notServed.map((turn) => turn.usage));
    await this.writer.end(this.builder.finish(replay, rawItemCount, { turns, prompt, finalResponse, usage }));
  }

  /**
   * The fork's own lines begin: the turns the copied history opened (every one before the
   * turn of this first own line) leave `turns` like rolled-back ones (their steps were never
   * held), or with keepCopied stay, marked.
   */
  private endCopiedTurns(below: number): void {
    if (!this.keepCopied) for (let seq = 0; seq < below; seq++) this.removed.add(seq);
    this.copiedTurns = below;
    this.copiedTurnsBelow = 0;
  }

  /** Marks newly rolled-back turns: held steps of removable ones are dropped. */
  private applyRollbacks(position: ReplayPosition): void {
    this.rollbacksSeen = position.rollbackCount;
    if (this.keepRolledBack) return;
    for (let seq = this.frozenBelow; seq < position.turnCount; seq++) if (position.isRolledBack(seq)) this.removed.add(seq);
    this.held = this.held.filter((held) => !this.removed.has(held.seq));
  }

  /** Writes the held steps of turns before `seq`, in order. */
  private async writeBefore(seq: number, position: Pick<ReplayPosition, 'isRolledBack'>): Promise<void> {
    let count = 0;
    while (count < this.held.length && this.held[count]!.seq < seq) count++;
    if (count === 0) return;
    const writing = this.held.slice(0, count);
    this.held = this.held.slice(count);
    for (const { seq: stepSeq, step } of writing) {
      if (this.removed.has(stepSeq)) continue;
      this.frozenBelow = Math.max(this.frozenBelow, stepSeq + 1);
      const copied = this.copiedSteps.has(step);
      if (!copied) this.observeText(stepSeq, step);
      const index = stepSeq - countBelow(this.removed, stepSeq);
      const marks = { ...(position.isRolledBack(stepSeq) ? { rolled_back: true as const } : {}), ...(copied ? { is_copied_context: true as const } : {}) };
      const tagged = Object.assign(step, { turn: index }, marks) as BuiltStep;
      await this.writer.writeStep(tagged);
    }
  }

  private observeText(seq: number, step: PendingStep): void {
    // A sub-agent's turn starts with its task, a message from its parent agent: that is its prompt.
    const userSide = step.type === 'user_message' || step.type === 'inter_agent_message';
    if (userSide && !this.firstUserText.has(seq)) this.firstUserText.set(seq, step.content);
    if (step.type === 'assistant_message' && step.delivery === undefined) this.lastAssistantText.set(seq, step.content);
  }
}

function untrackedTurn(replay: ReplayResult): Turn {
  return { index: 0, turn_id: null, started_at: null, ended_at: null, outcome: replay.outcome, error: replay.error, usage: replay.usage };
}

function countBelow(set: ReadonlySet<number>, seq: number): number {
  let count = 0;
  for (const value of set) if (value < seq) count++;
  return count;
}

export const rlProjection: ProjectionKind<BuiltStep, SessionSummary> = {
  name: 'rl',
  open: (start, writer) =>
    new RlProjection(writer, {
      sourcePath: start.sourcePath,
      fallbackSessionId: start.fallbackSessionId,
      keepRolledBack: start.options?.keepRolledBack,
      keepCopied: start.options?.keepCopied,
    }),
};
