/**
 * The session's turns, in file order, with how each ended (docs/format.md §13).
 *
 * Segmentation, one rule for every generation: a turn opens at `task_started`
 * (`turn_started`), or, in files without it, at real user input; it closes at
 * `task_complete` / `turn_complete`, at `turn_aborted`, or at the next turn start or
 * the end of the file. `compacted`, `turn_context` and `thread_rolled_back` lines
 * never open a turn.
 *
 * `thread_rolled_back {num_turns}` (Codex 0.142+ "undo" / "edit and resend"): Codex
 * drops the last `num_turns` user turns from the history it sends the model
 * (`drop_last_n_user_turns`): everything from the start of the n-th newest turn that
 * holds user input. Those turns stay here, marked rolled back; turns without user
 * input (a compaction-only task) are not counted but go with them when they follow.
 */
import type { Outcome } from '../codex/outcome.js';
import type { ReplayPosition, ReplayTurn } from './replay-result.js';
import type { ExactUsage } from './usage-ledger.js';

export type TurnEntry = {
  /** Position among all turns of the file, rolled-back ones included (0-based). */
  readonly seq: number;
  turnId: string | null;
  startedAt: string | null;
  /** When it closed: its end marker's time, else the time of its last line. */
  endedAt: string | null;
  /** Null while the turn is open. */
  outcome: Outcome | null;
  error: string | null;
  hasUserInput: boolean;
  rolledBack: boolean;
};

export class TurnLog implements ReplayPosition {
  readonly entries: TurnEntry[] = [];
  private openEntry: TurnEntry | null = null;
  /** Turns marked rolled back so far (a projection re-reads the marks when this changes). */
  rollbackCount = 0;
  /** The file marks its turns (task_started / task_complete): user input never opens one. */
  explicit = false;
  /** Records seen, and the one in which the open turn got its user input. */
  private records = 0;
  private userInputRecord = -1;
  /** The current record belongs to the last turn, closed before it (see attachToLast). */
  private lateRecord = -1;

  /** Called for every record, before the replay handles it. */
  beginRecord(): void {
    this.records++;
  }

  /** The current record belongs to the last turn although it closed; false when there is none. */
  attachToLast(): boolean {
    if (this.openEntry || this.entries.length === 0) return false;
    this.lateRecord = this.records;
    return true;
  }

  /** The open turn holds real user input (it counts for rollbacks). */
  markUserInput(): void {
    const open = this.openEntry;
    if (open && !open.hasUserInput) {
      open.hasUserInput = true;
      this.userInputRecord = this.records;
    }
  }

  stepTurn(): number {
    if (this.lateRecord === this.records) return this.entries.length - 1;
    return this.openEntry?.seq ?? this.entries.length;
  }

  userInputTurn(): number {
    const open = this.openEntry;
    if (!open) return this.entries.length;
    if (this.explicit || !open.hasUserInput || this.userInputRecord === this.records) return open.seq;
    return this.entries.length;
  }

  get turnCount(): number {
    return this.entries.length;
  }

  isRolledBack(seq: number): boolean {
    return this.entries[seq]?.rolledBack ?? false;
  }

  toReplayTurns(usageOf: (seq: number) => ExactUsage | null): ReplayTurn[] {
    return this.entries.map((entry) => ({
      seq: entry.seq,
      turnId: entry.turnId,
      startedAt: entry.startedAt,
      endedAt: entry.endedAt,
      outcome: entry.outcome ?? 'incomplete',
      error: entry.error,
      rolledBack: entry.rolledBack,
      usage: usageOf(entry.seq),
    }));
  }

  get open(): TurnEntry | null {
    return this.openEntry;
  }

  start(startedAt: string | null, turnId: string | null): TurnEntry {
    const entry: TurnEntry = {
      seq: this.entries.length,
      turnId,
      startedAt,
      endedAt: null,
      outcome: null,
      error: null,
      hasUserInput: false,
      rolledBack: false,
    };
    this.entries.push(entry);
    this.openEntry = entry;
    return entry;
  }

  /** Closes the open turn, if any. */
  close(outcome: Outcome, error: string | null, endedAt: string | null): void {
    const entry = this.openEntry;
    if (!entry) return;
    entry.outcome = outcome;
    entry.error = error;
    entry.endedAt = endedAt ?? entry.endedAt;
    this.openEntry = null;
  }

  /** The time of the latest line of the open turn (its end time if the file stops there). */
  touch(timestamp: string | null): void {
    if (this.openEntry && timestamp !== null) this.openEntry.endedAt = timestamp;
  }

  /** The entry Codex would name with this turn id (0.169+ usage records name theirs). */
  byTurnId(turnId: string): TurnEntry | null {
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i]?.turnId === turnId) return this.entries[i] ?? null;
    return null;
  }

  /** `thread_rolled_back {num_turns}`: marks the rolled-back turns; returns how many were marked. */
  rollBack(numTurns: number): number {
    let remaining = numTurns;
    let from = this.entries.length;
    for (let i = this.entries.length - 1; i >= 0 && remaining > 0; i--) {
      const entry = this.entries[i];
      if (!entry || entry.rolledBack) continue;
      from = i;
      if (entry.hasUserInput) remaining--;
    }
    let marked = 0;
    for (let i = from; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry && !entry.rolledBack) {
        entry.rolledBack = true;
        marked++;
      }
    }
    this.rollbackCount += marked;
    return marked;
  }

  /** The last turn that was not rolled back. */
  lastKept(): TurnEntry | null {
    for (let i = this.entries.length - 1; i >= 0; i--) if (!this.entries[i]?.rolledBack) return this.entries[i] ?? null;
    return null;
  }
}
