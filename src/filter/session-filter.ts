/**
 * Which sessions a run keeps (`--success-only`, `--outcome`, `--since`/`--until`, `--model`,
 * `--cwd`, `--originator`, `--min-turns`, `--min-steps`, `--agent`, `--skip-imported`). A session is judged
 * once it is fully read (its outcome is that of its last turn), before it is placed in the
 * output; the first filter that rejects it is the one the report counts.
 */
import type { Outcome } from '../codex/outcome.js';

export type AgentRole = 'main' | 'subagent';

export type SessionFilters = {
  outcomes?: readonly Outcome[] | undefined;
  /** Session start at or after this instant (ms since the epoch). */
  since?: number | undefined;
  /** Session start before this instant (ms since the epoch). */
  until?: number | undefined;
  model?: string | undefined;
  cwd?: string | undefined;
  originator?: string | undefined;
  minTurns?: number | undefined;
  minSteps?: number | undefined;
  agent?: AgentRole | undefined;
  /** Leave out sessions Codex Desktop imported from another agent (codex/imported-session.ts). */
  skipImported?: true | undefined;
};

/** The filter names, in the order they are tried (and reported). */
export const FILTER_NAMES = ['outcome', 'since', 'until', 'model', 'cwd', 'originator', 'min_turns', 'min_steps', 'agent', 'imported'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** What the filters look at, gathered while the session is converted. */
export type SessionFacts = {
  outcome: Outcome;
  /** The session header's time (else the first line's); null when the rollout records none. */
  startedAt: string | null;
  /** The latest model the session used. */
  model: string | null;
  cwd: string | null;
  originator: string | null;
  turns: number;
  /** Steps (or events, for thread events) the session wrote. */
  steps: number;
  agent: AgentRole;
  /** A transcript Codex Desktop imported (turns named `external-import-turn-<n>`). */
  imported: boolean;
};

export function hasFilters(filters: SessionFilters | undefined): filters is SessionFilters {
  return filters !== undefined && Object.values(filters).some((value) => value !== undefined);
}

/** The first filter that drops the session, or null when it is kept. */
export function rejectingFilter(filters: SessionFilters, facts: SessionFacts): FilterName | null {
  if (filters.outcomes && !filters.outcomes.includes(facts.outcome)) return 'outcome';
  const started = facts.startedAt === null ? Number.NaN : Date.parse(facts.startedAt);
  // A session whose start is unknown cannot be shown to be inside a time window.
  if (filters.since !== undefined && !(started >= filters.since)) return 'since';
  if (filters.until !== undefined && !(started < filters.until)) return 'until';
  if (filters.model !== undefined && !matchesGlob(facts.model, filters.model)) return 'model';
  if (filters.cwd !== undefined && !matchesGlob(facts.cwd, filters.cwd)) return 'cwd';
  if (filters.originator !== undefined && !matchesGlob(facts.originator, filters.originator)) return 'originator';
  if (filters.minTurns !== undefined && facts.turns < filters.minTurns) return 'min_turns';
  if (filters.minSteps !== undefined && facts.steps < filters.minSteps) return 'min_steps';
  if (filters.agent !== undefined && facts.agent !== filters.agent) return 'agent';
  if (filters.skipImported && facts.imported) return 'imported';
  return null;
}

/** A glob against the whole value: `*` any characters (`/` too), `?` one; a missing value never matches. */
function matchesGlob(value: string | null, glob: string): boolean {
  return value !== null && globPattern(glob).test(value);
}

export function globPattern(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${source}$`);
}
