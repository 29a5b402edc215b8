/**
 * What the replay tells a projection about a session's turns: while it runs
 * (ReplayPosition: which turn a step belongs to, which turns were rolled back) and
 * at the end (ReplayResult: every turn, how it ended, its exact usage).
 */
import type { Outcome } from '../codex/outcome.js';
import type { ExactUsage } from './usage-ledger.js';

/** One turn of the session as the replay saw it (see TurnLog). */
export type ReplayTurn = {
  seq: number;
  turnId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  outcome: Outcome;
  error: string | null;
  rolledBack: boolean;
  /** The turn's exact usage (UsageLedger); null when nothing was recorded for it. */
  usage: ExactUsage | null;
};

export type ReplayResult = {
  /** How the last turn that was not rolled back ended (`incomplete` when there is none). */
  outcome: Outcome;
  error: string | null;
  /** Every turn in file order, rolled-back ones included. */
  turns: ReplayTurn[];
  /** Exact session usage: every completed response counted once (UsageLedger), rolled-back turns included. */
  usage: ExactUsage | null;
};

/**
 * What a projection may ask the replay while it builds a session's steps: which turn
 * a step belongs to, and which turns were rolled back. Turns are named by `seq`, their
 * position among all the file's turns.
 */
export interface ReplayPosition {
  /** The turn a step built from the current record belongs to: the open turn, else the next one. */
  stepTurn(): number;
  /**
   * The turn real user input seen in the current record belongs to. Files without
   * turn events write the user's response item before the event that opens its turn
   * (0.34-0.80): input arriving in a turn that already had its own opens the next one.
   */
  userInputTurn(): number;
  /** Turns opened so far. */
  readonly turnCount: number;
  /** Grows each time turns are rolled back. */
  readonly rollbackCount: number;
  isRolledBack(seq: number): boolean;
}
