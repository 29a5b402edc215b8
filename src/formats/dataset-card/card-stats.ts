/**
 * What the dataset card summarizes, gathered from each session's summary as it ends.
 * Every figure is a count, a sum or a minimum/maximum, so the result does not depend on
 * the order sessions end in (worker threads finish them in any order).
 */
import type { PartCardStats } from '../../schema/manifest-schema.js';
import type { SessionSummary } from '../../trajectory/rl-schema.js';
import { recordSortedByKey } from '../../bytes/code-unit-order.js';

export type CardStats = {
  sessions: number;
  turns: number;
  outcomes: Map<string, number>;
  models: Map<string, number>;
  codexVersions: Map<string, number>;
  /** Earliest and latest session start (ISO 8601), or null when no session has one. */
  firstStart: string | null;
  lastStart: string | null;
};

const UNKNOWN = '(unknown)';

export function createCardStats(): CardStats {
  return { sessions: 0, turns: 0, outcomes: new Map(), models: new Map(), codexVersions: new Map(), firstStart: null, lastStart: null };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** What the card reads of a session: the record summary, or any row that carries these fields (a messages row). */
export type CardSession = Pick<SessionSummary, 'turn_count' | 'outcome' | 'model' | 'cli_version' | 'started_at'>;

/** The fields of CardSession, for those that keep only what the card reads of a summary. */
export const CARD_SESSION_FIELDS = ['turn_count', 'outcome', 'model', 'cli_version', 'started_at'] as const satisfies readonly (keyof CardSession)[];

export function addSessionToStats(stats: CardStats, summary: CardSession): void {
  stats.sessions += 1;
  stats.turns += summary.turn_count;
  increment(stats.outcomes, summary.outcome);
  increment(stats.models, summary.model ?? UNKNOWN);
  increment(stats.codexVersions, summary.cli_version ?? UNKNOWN);
  const start = summary.started_at;
  if (start !== null) {
    // Rollout timestamps are UTC with a Z: their text order is their time order.
    if (stats.firstStart === null || start < stats.firstStart) stats.firstStart = start;
    if (stats.lastStart === null || start > stats.lastStart) stats.lastStart = start;
  }
}


/** The figures as one part of a partitioned run records them in its manifest. */
export function describeCardStats(stats: CardStats): PartCardStats {
  return {
    sessions: stats.sessions,
    turns: stats.turns,
    outcomes: recordSortedByKey(stats.outcomes),
    models: recordSortedByKey(stats.models),
    codex_versions: recordSortedByKey(stats.codexVersions),
    first_start: stats.firstStart,
    last_start: stats.lastStart,
  };
}

/** Adds a part's figures: every figure is a count, a sum or a minimum/maximum, so parts add up to the whole. */
export function addPartCardStats(stats: CardStats, part: PartCardStats): void {
  stats.sessions += part.sessions;
  stats.turns += part.turns;
  const add = (counts: Map<string, number>, more: Record<string, number>) => {
    for (const [key, n] of Object.entries(more)) counts.set(key, (counts.get(key) ?? 0) + n);
  };
  add(stats.outcomes, part.outcomes);
  add(stats.models, part.models);
  add(stats.codexVersions, part.codex_versions);
  if (part.first_start !== null && (stats.firstStart === null || part.first_start < stats.firstStart)) stats.firstStart = part.first_start;
  if (part.last_start !== null && (stats.lastStart === null || part.last_start > stats.lastStart)) stats.lastStart = part.last_start;
}
