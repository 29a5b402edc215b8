/**
 * What `stats` counts, gathered from the RL record's steps and fields, whether the records
 * come from converting rollouts in memory or from reading a dataset back. Every figure is a
 * count or a sum, so the result does not depend on the order sessions are met in.
 */
import type { RecordTokenUsage } from '../trajectory/rl-schema.js';
import { recordSortedByKey } from '../bytes/code-unit-order.js';

/** Token sums of a group of sessions (a model, a Codex version, a month). */
export type TokenRow = {
  sessions: number;
  /** Sessions of the group whose rollout records no usage (before 0.34, or every request failed). */
  without_usage: number;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
};

/** The `--json` output of `stats`: counts keyed by name, keys in code point order. */
export type DatasetStats = {
  /** `rollouts` (converted in memory) or the format of the dataset read back. */
  source: string;
  files: number;
  sessions: number;
  turns: number;
  steps: number;
  steps_by_type: Record<string, number>;
  tool_calls: number;
  tool_calls_by_name: Record<string, number>;
  sessions_by_outcome: Record<string, number>;
  turns_by_outcome: Record<string, number>;
  tokens: TokenRow;
  tokens_by_model: Record<string, TokenRow>;
  tokens_by_codex_version: Record<string, TokenRow>;
  /** By the month (UTC, `YYYY-MM`) the session started. */
  tokens_by_month: Record<string, TokenRow>;
  /**
   * Secrets replaced in what was (or would be) written, by kind: for a dataset, its
   * `[REDACTED:<kind>]` placeholders; `counted` is false for rollouts read with `--no-redact`.
   */
  redactions: { counted: boolean; total: number; by_kind: Record<string, number> };
  issues: { total: number; by_code: Record<string, number> };
};

/** The parts of a step `stats` reads. */
export type StepFacts = { type: string; name?: unknown; namespace?: unknown };

/** The parts of a record (or session summary) `stats` reads. */
export type SessionFacts = {
  model: string | null;
  cli_version: string | null;
  started_at: string | null;
  outcome: string;
  usage: RecordTokenUsage | null;
  turns: readonly { outcome: string }[];
};

export const UNKNOWN = '(unknown)';

const TOKEN_FIELDS = ['input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_output_tokens', 'total_tokens'] as const;

export class StatsCollector {
  files = 0;
  /** Rollouts read without redaction: what it would replace is unknown. */
  redactionsCounted = true;
  private sessions = 0;
  private turns = 0;
  private readonly stepsByType = new Map<string, number>();
  private readonly toolCalls = new Map<string, number>();
  private readonly sessionOutcomes = new Map<string, number>();
  private readonly turnOutcomes = new Map<string, number>();
  private readonly tokens = emptyTokenRow();
  private readonly byModel = new Map<string, TokenRow>();
  private readonly byVersion = new Map<string, TokenRow>();
  private readonly byMonth = new Map<string, TokenRow>();
  private readonly redactions = new Map<string, number>();
  private readonly issues = new Map<string, number>();

  constructor(private readonly source: string) {}

  addStep(step: StepFacts): void {
    increment(this.stepsByType, step.type);
    // Shell-family calls are shell_command steps (named by the tool the model called), every other call a tool_call.
    if ((step.type === 'tool_call' || step.type === 'shell_command') && typeof step.name === 'string') {
      increment(this.toolCalls, qualifiedToolName(step.name, step.namespace));
    }
  }

  addSession(session: SessionFacts): void {
    this.sessions += 1;
    this.turns += session.turns.length;
    increment(this.sessionOutcomes, session.outcome);
    for (const turn of session.turns) increment(this.turnOutcomes, turn.outcome);
    addUsage(this.tokens, session.usage);
    addUsage(group(this.byModel, session.model ?? UNKNOWN), session.usage);
    addUsage(group(this.byVersion, session.cli_version ?? UNKNOWN), session.usage);
    // Rollout timestamps are ISO 8601 UTC: the month is the first seven characters.
    addUsage(group(this.byMonth, session.started_at?.slice(0, 7) ?? UNKNOWN), session.usage);
  }

  addRedactions(byKind: Readonly<Record<string, number | undefined>>): void {
    for (const [kind, n] of Object.entries(byKind)) if (n) increment(this.redactions, kind, n);
  }

  addIssue(code: string): void {
    increment(this.issues, code);
  }

  result(): DatasetStats {
    return {
      source: this.source,
      files: this.files,
      sessions: this.sessions,
      turns: this.turns,
      steps: sum(this.stepsByType),
      steps_by_type: recordSortedByKey(this.stepsByType),
      tool_calls: sum(this.toolCalls),
      tool_calls_by_name: recordSortedByKey(this.toolCalls),
      sessions_by_outcome: recordSortedByKey(this.sessionOutcomes),
      turns_by_outcome: recordSortedByKey(this.turnOutcomes),
      tokens: { ...this.tokens },
      tokens_by_model: recordSortedByKey(this.byModel),
      tokens_by_codex_version: recordSortedByKey(this.byVersion),
      tokens_by_month: recordSortedByKey(this.byMonth),
      redactions: { counted: this.redactionsCounted, total: sum(this.redactions), by_kind: recordSortedByKey(this.redactions) },
      issues: { total: sum(this.issues), by_code: recordSortedByKey(this.issues) },
    };
  }
}

/**
 * A tool's name with its namespace. An MCP tool is one tool whether the call names it whole
 * (`mcp__tiny__echo`, direct tools) or by namespace and name (`mcp__tiny` or `mcp__tiny__`
 * plus `echo`, 2026 namespaced and code-mode calls): both count as `mcp__tiny__echo`, the
 * name Codex gives it. Other namespaces are written `namespace.name`.
 */
export function qualifiedToolName(name: string, namespace: unknown): string {
  if (typeof namespace !== 'string' || namespace === '') return name;
  if (namespace.endsWith('__')) return namespace + name;
  return namespace.startsWith('mcp__') ? `${namespace}__${name}` : `${namespace}.${name}`;
}

function emptyTokenRow(): TokenRow {
  return { sessions: 0, without_usage: 0, input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
}

function group(groups: Map<string, TokenRow>, key: string): TokenRow {
  let row = groups.get(key);
  if (!row) groups.set(key, (row = emptyTokenRow()));
  return row;
}

function addUsage(row: TokenRow, usage: RecordTokenUsage | null): void {
  row.sessions += 1;
  if (usage === null) {
    row.without_usage += 1;
    return;
  }
  for (const field of TOKEN_FIELDS) row[field] += usage[field];
}

function increment(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function sum(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

