/**
 * Exact token usage, per session and per turn: every completed model response
 * counted once (docs/format.md §13).
 *
 * - 0.169+ write a `token_usage_record` per response: their `usage` is summed,
 *   deduplicated by response id. When a file has any, they are the only source.
 * - Older files only have `token_count` events, whose `total_token_usage` is a running
 *   sum and `last_token_usage` the latest response's own usage. An event is counted,
 *   by its `last_token_usage`, only when the running sum changed: Codex re-emits the
 *   same total at turn ends (0.66-0.130), after a compaction and before a rollback
 *   (same total, `last` is then a context estimate, not a response). The running sum is
 *   never differenced: 0.34-0.66 restart it at zero in every resumed process, and a
 *   0.169 fork child's first event includes its parent's tokens; `last` is right in both.
 *   Events without `last` (none seen) fall back to the difference of the totals.
 * - `info: null` events (rate limits only) carry no usage.
 * Null where the file records no usage at all (0.8-0.29, failed requests).
 */
import type { PersistedTokenUsage } from '../rollout/persisted-event.js';
import type { TokenUsage } from '../codex/event-msg.js';

export type ExactUsage = {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
};

type Usage = TokenUsage | PersistedTokenUsage;

/** A token_count event's info (as persisted). */
export type TokenCountInfo = { total_token_usage: Usage; last_token_usage?: Usage | null | undefined };

function toExact(usage: Usage): ExactUsage {
  return {
    input_tokens: usage.input_tokens,
    cached_input_tokens: usage.cached_input_tokens,
    output_tokens: usage.output_tokens,
    reasoning_output_tokens: usage.reasoning_output_tokens ?? 0,
    total_tokens: usage.total_tokens ?? 0,
  };
}

function add(sum: ExactUsage | undefined, usage: ExactUsage): ExactUsage {
  if (!sum) return { ...usage };
  sum.input_tokens += usage.input_tokens;
  sum.cached_input_tokens += usage.cached_input_tokens;
  sum.output_tokens += usage.output_tokens;
  sum.reasoning_output_tokens += usage.reasoning_output_tokens;
  sum.total_tokens += usage.total_tokens;
  return sum;
}

function sameUsage(a: ExactUsage, b: ExactUsage): boolean {
  return (
    a.input_tokens === b.input_tokens &&
    a.cached_input_tokens === b.cached_input_tokens &&
    a.output_tokens === b.output_tokens &&
    a.reasoning_output_tokens === b.reasoning_output_tokens &&
    a.total_tokens === b.total_tokens
  );
}

/** Sums of one source: the session's and each turn's (by the turn's position in the file). */
class UsageSums {
  session: ExactUsage | null = null;
  readonly turns = new Map<number, ExactUsage>();

  add(turn: number | null, usage: ExactUsage): void {
    // Token counts are whole numbers; a damaged one (not a safe integer, or one that would
    // overflow the sums) is not a response's usage and is left out.
    if (!isCountable(usage) || (this.session !== null && !isCountable(add({ ...this.session }, usage)))) return;
    this.session = add(this.session ?? undefined, usage);
    if (turn !== null) this.turns.set(turn, add(this.turns.get(turn), usage));
  }
}

export class UsageLedger {
  private readonly fromRecords = new UsageSums();
  private readonly fromCounts = new UsageSums();
  private readonly responseIds = new Set<string>();
  private previousTotal: ExactUsage | null = null;

  /** A `token_count` event, in the turn open when it was written (`turn`: its position). */
  observeTokenCount(info: TokenCountInfo, turn: number | null): void {
    const total = toExact(info.total_token_usage);
    const previous = this.previousTotal;
    if (previous && sameUsage(previous, total)) return;
    this.previousTotal = total;
    let own: ExactUsage;
    if (info.last_token_usage) own = toExact(info.last_token_usage);
    else if (previous && total.total_tokens >= previous.total_tokens) own = difference(total, previous);
    else own = total;
    this.fromCounts.add(turn, own);
  }

  /** A `token_usage_record` line, attributed to `turn` (the turn it names, else the open one). */
  observeRecord(responseId: string | null, usage: PersistedTokenUsage, turn: number | null): void {
    if (responseId !== null) {
      if (this.responseIds.has(responseId)) return;
      this.responseIds.add(responseId);
    }
    this.fromRecords.add(turn, toExact(usage));
  }

  private get source(): UsageSums {
    return this.fromRecords.session !== null ? this.fromRecords : this.fromCounts;
  }

  session(): ExactUsage | null {
    return this.source.session;
  }

  /** A turn's usage; null when nothing was recorded for it. */
  turn(turn: number): ExactUsage | null {
    return this.source.turns.get(turn) ?? null;
  }
}

function difference(total: ExactUsage, previous: ExactUsage): ExactUsage {
  return {
    input_tokens: total.input_tokens - previous.input_tokens,
    cached_input_tokens: total.cached_input_tokens - previous.cached_input_tokens,
    output_tokens: total.output_tokens - previous.output_tokens,
    reasoning_output_tokens: total.reasoning_output_tokens - previous.reasoning_output_tokens,
    total_tokens: total.total_tokens - previous.total_tokens,
  };
}

function isCountable(usage: ExactUsage): boolean {
  return Object.values(usage).every((n) => Number.isSafeInteger(n));
}

/** `total` without the usage of `parts` (a fork's copied turns); null when nothing is left or was recorded. */
export function usageWithout(total: ExactUsage | null, parts: readonly (ExactUsage | null)[]): ExactUsage | null {
  if (total === null) return null;
  const left = { ...total };
  for (const part of parts) {
    if (part === null) continue;
    left.input_tokens -= part.input_tokens;
    left.cached_input_tokens -= part.cached_input_tokens;
    left.output_tokens -= part.output_tokens;
    left.reasoning_output_tokens -= part.reasoning_output_tokens;
    left.total_tokens -= part.total_tokens;
  }
  return left.total_tokens > 0 || left.input_tokens > 0 || left.output_tokens > 0 ? left : null;
}
