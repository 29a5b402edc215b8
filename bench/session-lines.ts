import type { Dialect } from './dialects.js';
import type { LineWriter } from './line-writer.js';
import type { Random } from './random.js';

/** A version-7 UUID (time-ordered, as Codex writes session, turn and item ids). */
export function makeUuidV7(ms: number, rng: Random): string {
  const t = Math.floor(ms).toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rng.hex(3)}-${rng.pick(['8', '9', 'a', 'b'])}${rng.hex(3)}-${rng.hex(12)}`;
}

export type TokenUsage = {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
};

const CONTEXT_WINDOW = 258400;

/**
 * The envelope and running state of one session being written: clock, ordinals, ids and
 * token totals. Every line goes through here, so the per-version envelope differences
 * (`ordinal` and `metadata` in 0.169) live in one place.
 */
export class SessionLines {
  clock: number;
  readonly sessionId: string;
  turnId = '';
  turnStartedMs = 0;
  /** Tokens the model would see now; drives token counts and when compaction happens. */
  contextTokens = 0;
  private ordinal = 0;
  private historySequence = 0;
  private responseSeq = 0;
  private callSeq = 0;
  private readonly total: TokenUsage = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
  private turnTotal: TokenUsage = { ...this.total };

  constructor(
    readonly out: LineWriter,
    readonly dialect: Dialect,
    readonly rng: Random,
    readonly cwd: string,
    startMs: number,
    sessionId: string,
  ) {
    this.clock = startMs;
    this.sessionId = sessionId;
  }

  /** Approximate size of the file so far (see LineWriter.approximateBytes). */
  get bytes(): number {
    return this.out.approximateBytes;
  }

  /** Advances the clock by a random number of milliseconds. */
  tick(minMs: number, maxMs: number): void {
    this.clock += this.rng.int(minMs, maxMs);
  }

  newCallId(): string {
    this.callSeq++;
    return `call_${this.rng.hex(8)}${this.callSeq.toString(36)}`;
  }

  newItemId(prefix: string): string {
    return `${prefix}_${this.rng.hex(10)}`;
  }

  newUuid(): string {
    return makeUuidV7(this.clock, this.rng);
  }

  /** Writes one `{timestamp, [ordinal], type, payload, [metadata]}` line. */
  line(type: string, payload: unknown, metadata?: unknown): void {
    const timestamp = new Date(this.clock).toISOString();
    if (this.dialect.paginated) {
      const ordinal = this.ordinal++;
      this.out.write(metadata === undefined ? { timestamp, ordinal, type, payload } : { timestamp, ordinal, type, payload, metadata });
    } else {
      this.out.write({ timestamp, type, payload });
    }
  }

  event(payload: { type: string; [key: string]: unknown }): void {
    this.line('event_msg', payload);
  }

  /**
   * A `response_item` line. In 0.169 items carry their own `id`, a passthrough with the turn id,
   * and line-level history metadata.
   */
  responseItem(payload: { type: string; [key: string]: unknown }, idPrefix?: string, extraMetadata?: Record<string, unknown>): void {
    if (!this.dialect.paginated) {
      this.line('response_item', payload);
      return;
    }
    // Items that already carry an id (web searches) keep it.
    const withId = idPrefix === undefined || 'id' in payload ? payload : withLeadingId(payload, this.newItemId(idPrefix));
    const item = { ...withId, internal_chat_message_metadata_passthrough: { turn_id: this.turnId } };
    this.historySequence++;
    const metadata = {
      history_sequence: this.historySequence,
      sampled_through_sequence: Math.max(0, this.historySequence - this.rng.int(1, 3)),
      client_authored: false,
      ...extraMetadata,
    };
    this.line('response_item', item, metadata);
  }

  /** 0.169 persists finished items (`item_completed`) instead of the legacy events. */
  itemCompleted(item: { type: string; [key: string]: unknown }): void {
    const startedAt = this.clock - this.rng.int(0, 40);
    this.event({
      type: 'item_completed',
      thread_id: this.sessionId,
      turn_id: this.turnId,
      item,
      started_at_ms: startedAt,
      completed_at_ms: this.clock,
    });
  }

  /**
   * Records one model response's usage: `token_usage_record` (0.169) plus the cumulative
   * `token_count` event every version persists after a response.
   */
  modelResponse(outputTokens: number, reasoningTokens: number): void {
    const input = Math.min(this.contextTokens + 2000, CONTEXT_WINDOW);
    const cached = Math.floor(input * (0.6 + this.rng.next() * 0.35));
    const last: TokenUsage = {
      input_tokens: input,
      cached_input_tokens: cached,
      output_tokens: outputTokens,
      reasoning_output_tokens: reasoningTokens,
      total_tokens: input + outputTokens,
    };
    addUsage(this.total, last);
    addUsage(this.turnTotal, last);
    this.contextTokens += outputTokens;
    this.responseSeq++;
    if (this.dialect.paginated) {
      const withCacheWrite = (u: TokenUsage) => ({ ...u, cache_write_input_tokens: 0 });
      this.line('token_usage_record', {
        thread_id: this.sessionId,
        turn_id: this.turnId,
        session_id: this.sessionId,
        root_turn_id: this.turnId,
        response_id: `resp_${this.rng.hex(24)}`,
        usage: withCacheWrite(last),
        turn_token_usage: withCacheWrite(this.turnTotal),
        thread_token_usage: withCacheWrite(this.total),
      });
    }
    this.event({
      type: 'token_count',
      info: {
        total_token_usage: { ...this.total },
        last_token_usage: last,
        model_context_window: CONTEXT_WINDOW,
      },
      rate_limits: this.rateLimits(),
    });
  }

  rateLimits(): unknown {
    if (this.dialect.name === '0.58.0') return { primary: null, secondary: null };
    return {
      limit_id: 'codex',
      limit_name: null,
      primary: { used_percent: Math.round(this.rng.next() * 1000) / 10, window_minutes: 300, resets_at: Math.floor(this.clock / 1000) + this.rng.int(60, 18000) },
      secondary: { used_percent: Math.round(this.rng.next() * 1000) / 10, window_minutes: 10080, resets_at: Math.floor(this.clock / 1000) + this.rng.int(3600, 600000) },
      credits: null,
      plan_type: 'plus',
    };
  }

  startTurn(): void {
    this.turnId = this.newUuid();
    this.turnStartedMs = this.clock;
    this.turnTotal = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
  }
}

function addUsage(into: TokenUsage, add: TokenUsage): void {
  into.input_tokens += add.input_tokens;
  into.cached_input_tokens += add.cached_input_tokens;
  into.output_tokens += add.output_tokens;
  into.reasoning_output_tokens += add.reasoning_output_tokens;
  into.total_tokens += add.total_tokens;
}

/** Puts `id` right after `type`, where Codex writes it. */
function withLeadingId(payload: { type: string; [key: string]: unknown }, id: string): Record<string, unknown> {
  const { type, ...rest } = payload;
  return { type, id, ...rest };
}
