/**
 * The session filters' flags (README "Filters"), read and checked before any work: a bad
 * date, an unknown outcome or a bad number is a usage error naming the flag.
 */
import { outcomeSchema, type Outcome } from '../codex/outcome.js';
import type { AgentRole, SessionFilters } from '../filter/session-filter.js';
import { UsageError } from './usage-error.js';

export type FilterFlags = {
  'success-only'?: boolean | undefined;
  outcome?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  model?: string | undefined;
  cwd?: string | undefined;
  originator?: string | undefined;
  'min-turns'?: string | undefined;
  'min-steps'?: string | undefined;
  agent?: string | undefined;
  'skip-imported'?: boolean | undefined;
};

export const FILTER_ARGS = {
  'success-only': { type: 'boolean', default: false, description: 'Keep only sessions whose last turn completed (same as --outcome completed)' },
  outcome: { type: 'string', description: 'Keep sessions whose outcome is in this comma-separated list: completed, failed, aborted, incomplete', valueHint: 'list' },
  since: { type: 'string', description: 'Keep sessions started at or after this ISO date or time (a date alone is midnight UTC)', valueHint: 'date' },
  until: { type: 'string', description: 'Keep sessions started before this ISO date or time', valueHint: 'date' },
  model: { type: 'string', description: 'Keep sessions whose model matches this glob (* any characters, ? one)', valueHint: 'glob' },
  cwd: { type: 'string', description: 'Keep sessions whose working directory matches this glob', valueHint: 'glob' },
  originator: { type: 'string', description: 'Keep sessions whose originator (codex_cli_rs, codex_exec, ...) matches this glob', valueHint: 'glob' },
  'min-turns': { type: 'string', description: 'Keep sessions with at least this many turns', valueHint: 'n' },
  'min-steps': { type: 'string', description: 'Keep sessions with at least this many steps (events, for thread-events)', valueHint: 'n' },
  agent: { type: 'string', description: 'Keep main sessions or sub-agent sessions only', valueHint: 'main|subagent' },
  'skip-imported': { type: 'boolean', default: false, description: 'Leave out sessions Codex Desktop imported from Claude Code (imported_from)' },
} as const;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function readFilterFlags(flags: FilterFlags): SessionFilters {
  const outcomes = flags.outcome === undefined ? undefined : parseOutcomes(flags.outcome);
  if (flags['success-only'] && outcomes && !outcomes.includes('completed')) {
    throw new UsageError(`--success-only keeps completed sessions, and --outcome ${flags.outcome} leaves them out; drop one of the two`);
  }
  return {
    outcomes: flags['success-only'] ? ['completed'] : outcomes,
    since: flags.since === undefined ? undefined : parseTime(flags.since, '--since'),
    until: flags.until === undefined ? undefined : parseTime(flags.until, '--until'),
    model: flags.model,
    cwd: flags.cwd,
    originator: flags.originator,
    minTurns: flags['min-turns'] === undefined ? undefined : parseMinimum(flags['min-turns'], '--min-turns'),
    minSteps: flags['min-steps'] === undefined ? undefined : parseMinimum(flags['min-steps'], '--min-steps'),
    agent: flags.agent === undefined ? undefined : parseAgent(flags.agent),
    skipImported: flags['skip-imported'] ? true : undefined,
  };
}

function parseOutcomes(list: string): Outcome[] {
  const outcomes = list.split(',').map((name) => name.trim());
  for (const name of outcomes) {
    if (!outcomeSchema.safeParse(name).success) throw new UsageError(`--outcome: unknown outcome "${name}"; use ${outcomeSchema.options.join(', ')}`);
  }
  return outcomes as Outcome[];
}

/** An ISO date (midnight UTC) or date and time (UTC unless it names an offset). */
function parseTime(value: string, flag: string): number {
  const trimmed = value.trim();
  const time = ISO_TIME.test(trimmed) && isCalendarDate(trimmed.slice(0, 10)) ? Date.parse(/[T ]\d{2}:\d{2}/.test(trimmed) && !/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? `${trimmed}Z` : trimmed) : Number.NaN;
  if (Number.isNaN(time)) throw new UsageError(`${flag}: expected an ISO date or time such as 2025-06-01 or 2025-06-01T12:00:00Z, got "${value}"`);
  return time;
}

/** `YYYY-MM-DD` names a real day (Date.parse would take 2026-02-30 for March 2). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseMinimum(value: string, flag: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag}: expected a whole number, got "${value}"`);
  return n;
}

function parseAgent(value: string): AgentRole {
  if (value === 'main' || value === 'subagent') return value;
  throw new UsageError(`--agent: expected main or subagent, got "${value}"`);
}
