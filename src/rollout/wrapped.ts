/**
 * Wrapped rollouts (generations G4/G5): Codex 0.34 (September 2025) and later.
 * Every line is an envelope `{timestamp, type, payload}`; 2026 builds add an
 * `ordinal` counter, a `metadata` sibling on response items, and new line types
 * (`world_state`, `token_usage_record`, ...). The first `session_meta` is the
 * canonical header; forks copy their parent's lines, including its header.
 */
import { z } from 'zod';
import type { IssueReporter } from './issue-reporter.js';
import {
  EVENT_TYPE_ALIASES,
  IGNORED_EVENT_TYPES,
  PERSISTED_EVENT_TYPES,
  persistedEventSchema,
  type PersistedEvent,
} from './persisted-event.js';
import { isPlainEvent, isPlainResponseItem, isPlainSessionMeta, isPlainTurnContext } from './plain-payload.js';
import type { RecordPosition, ResponseItemOrigin, RolloutRecord } from './records.js';
import { IGNORED_RESPONSE_ITEM_TYPES, RESPONSE_ITEM_TYPES, responseItemSchema, type ResponseItem } from './response-item.js';
import { tokenUsageRecordSchema } from './token-usage-record.js';
import { sessionMetaSchema, turnContextSchema, type SessionMeta, type TurnContext } from './session-header.js';

const envelopeSchema = z.looseObject({
  timestamp: z.string().nullish(),
  type: z.string(),
  payload: z.unknown(),
  /** 2026 harness metadata: `inherited_user_message` marks items copied from a parent thread, `compaction_output` a compaction summary. */
  metadata: z.looseObject({ inherited_user_message: z.boolean().nullish(), compaction_output: z.boolean().nullish() }).nullish(),
});

/** Line types of 2026 rollouts that hold nothing for a transcript (environment snapshots, accounting, multi-agent plumbing). */
const IGNORED_LINE_TYPES: ReadonlySet<string> = new Set([
  'world_state',
  'inter_agent_communication',
  'inter_agent_communication_metadata',
  'security_risk_score',
  'retained_context',
  'realtime_item',
  'rollout_reference',
]);

/** True when a parsed first line looks like a wrapped envelope. */
export function isWrappedLine(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'payload' in value;
}

type Envelope = z.infer<typeof envelopeSchema>;

/**
 * The envelope of a line that envelopeSchema plainly accepts, read without zod: every
 * line goes through here, nearly all of them well-formed. Anything else is left to the
 * schema, which decides and words the issue.
 */
function readPlainEnvelope(value: unknown): Pick<Envelope, 'timestamp' | 'type' | 'payload' | 'metadata'> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { timestamp, type, payload, metadata } = value as Record<string, unknown>;
  if (typeof type !== 'string' || !(timestamp === undefined || timestamp === null || typeof timestamp === 'string')) return null;
  if (metadata === undefined || metadata === null) return { timestamp, type, payload, metadata };
  if (typeof metadata !== 'object' || Array.isArray(metadata)) return null;
  const { inherited_user_message: inherited, compaction_output: compaction } = metadata as Record<string, unknown>;
  if (!isOptionalBoolean(inherited) || !isOptionalBoolean(compaction)) return null;
  return { timestamp, type, payload, metadata: metadata as Envelope['metadata'] };
}

function isOptionalBoolean(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'boolean';
}

export function decodeWrappedLine(value: unknown, line: number, report: IssueReporter): RolloutRecord | null {
  let envelope = readPlainEnvelope(value);
  if (!envelope) {
    const parsed = envelopeSchema.safeParse(value);
    if (!parsed.success) {
      report(line, 'invalid_shape', `not a rollout line envelope {timestamp, type, payload}: ${describeZodError(parsed.error)}`);
      return null;
    }
    envelope = parsed.data;
  }
  const { type, payload, metadata } = envelope;
  const at: RecordPosition = { line, timestamp: envelope.timestamp ?? null };
  switch (type) {
    case 'session_meta':
      // The common well-formed headers skip zod (which would return them unchanged), as payloads do below.
      if (isPlainSessionMeta(payload)) return { kind: 'session_meta', at, meta: payload as SessionMeta };
      return parsePayload(sessionMetaSchema, payload, line, 'session_meta', report, (meta) => ({ kind: 'session_meta', at, meta }));
    case 'turn_context':
      if (isPlainTurnContext(payload)) return { kind: 'turn_context', at, context: payload as TurnContext };
      return parsePayload(turnContextSchema, payload, line, 'turn_context', report, (context) => ({ kind: 'turn_context', at, context }));
    case 'compacted': {
      const { message, replacement_history: history } = (payload ?? {}) as { message?: unknown; replacement_history?: unknown };
      const replacement = Array.isArray(history) ? history : null;
      const text = typeof message === 'string' ? message : '';
      const encrypted = text === '' && (replacement?.some(isEncryptedCompaction) ?? false);
      return { kind: 'compacted', at, message: text, replacementItemCount: replacement?.length ?? null, encrypted };
    }
    case 'response_item':
      return decodeResponseItem(payload, at, originOf(metadata), report);
    case 'event_msg':
      return decodeEvent(payload, at, report);
    case 'token_usage_record':
      return parsePayload(tokenUsageRecordSchema, payload, line, 'token_usage_record', report, (record) => ({
        kind: 'token_usage',
        at,
        responseId: record.response_id ?? null,
        turnId: record.turn_id ?? null,
        usage: record.usage,
      }));
    default:
      if (!IGNORED_LINE_TYPES.has(type)) report(line, 'unknown_type', `unknown line type "${type}" (line skipped)`);
      return null;
  }
}

export function decodeResponseItem(
  payload: unknown,
  at: RecordPosition,
  origin: ResponseItemOrigin,
  report: IssueReporter,
): RolloutRecord | null {
  const itemType = typeOf(payload);
  if (itemType === undefined) {
    report(at.line, 'invalid_shape', 'response item without a "type"');
    return null;
  }
  if (itemType === 'additional_tools') {
    const tools = (payload as { tools?: unknown }).tools;
    return { kind: 'tool_definitions', at, tools: Array.isArray(tools) ? tools : [] };
  }
  if (!RESPONSE_ITEM_TYPES.has(itemType)) {
    if (!IGNORED_RESPONSE_ITEM_TYPES.has(itemType)) report(at.line, 'unknown_type', `unknown response item type "${itemType}" (skipped)`);
    return null;
  }
  // The common well-formed shapes skip zod (which would return them unchanged).
  if (isPlainResponseItem(payload)) return { kind: 'response_item', at, item: payload as ResponseItem, origin };
  return parsePayload(responseItemSchema, payload, at.line, `response item "${itemType}"`, report, (item) => ({
    kind: 'response_item',
    at,
    item,
    origin,
  }));
}

function decodeEvent(payload: unknown, at: RecordPosition, report: IssueReporter): RolloutRecord | null {
  const rawType = typeOf(payload);
  if (rawType === undefined) {
    report(at.line, 'invalid_shape', 'event_msg without a "type"');
    return null;
  }
  const eventType = EVENT_TYPE_ALIASES[rawType] ?? rawType;
  if (!PERSISTED_EVENT_TYPES.has(eventType)) {
    if (!IGNORED_EVENT_TYPES.has(eventType) && !eventType.endsWith('_delta')) {
      report(at.line, 'unknown_type', `unknown event_msg type "${rawType}" (skipped)`);
    }
    return null;
  }
  const normalized = eventType === rawType ? payload : { ...(payload as object), type: eventType };
  if (isPlainEvent(normalized)) return { kind: 'event_msg', at, event: normalized as PersistedEvent };
  return parsePayload(persistedEventSchema, normalized, at.line, `event_msg "${rawType}"`, report, (event) => ({
    kind: 'event_msg',
    at,
    event,
  }));
}

function parsePayload<S extends z.ZodType, R>(
  schema: S,
  payload: unknown,
  line: number,
  what: string,
  report: IssueReporter,
  build: (value: z.infer<S>) => R,
): R | null {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    report(line, 'invalid_shape', `${what}: ${describeZodError(parsed.error)}`);
    return null;
  }
  return build(parsed.data);
}

function originOf(metadata: { inherited_user_message?: boolean | null; compaction_output?: boolean | null } | null | undefined): ResponseItemOrigin {
  if (metadata?.inherited_user_message === true) return 'inherited';
  if (metadata?.compaction_output === true) return 'compaction';
  return 'session';
}

function typeOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const type = (payload as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

/** The first zod issue as `path: message`, short enough for a one-line report. */
export function describeZodError(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid value';
  const path = first.path.length ? first.path.join('.') : '(root)';
  return `${path}: ${first.message}`;
}

/** A compaction item whose summary only the model provider can read (`encrypted_content`). */
function isEncryptedCompaction(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const { type, encrypted_content: encrypted } = item as { type?: unknown; encrypted_content?: unknown };
  return (type === 'compaction' || type === 'context_compaction' || type === 'compaction_summary') && typeof encrypted === 'string';
}
