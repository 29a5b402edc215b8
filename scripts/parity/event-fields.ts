/**
 * The fields the parity check compares on a pair of aligned events, and how (ported from the
 * oracle kit's `compare-exec.mjs`, see thread-event-stream.ts). A field counts when the real
 * stream has it; null and absent are the same; `changes` is a path->kind set (codex < 0.130
 * printed them in HashMap order); `arguments` may be a JSON string or an object; in `usage`
 * only the keys the real stream has are compared (older versions print fewer counters).
 */
import type { ThreadEventEntry } from './thread-event-stream.js';

export const COMPARED_FIELDS = [
  'thread_id',
  'text',
  'command',
  'aggregated_output',
  'exit_code',
  'status',
  'changes',
  'server',
  'tool',
  'arguments',
  'result',
  'error',
  'message',
  'query',
  'items',
  'usage',
] as const;

export type ComparedField = (typeof COMPARED_FIELDS)[number];

export type FieldDiff = { expected: unknown; actual: unknown };

export type FieldDiffs = Partial<Record<ComparedField, FieldDiff>>;

const isNil = (value: unknown): value is null | undefined => value === undefined || value === null;

/** Sorted keys, null members dropped: two values are equal when these strings are. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value));
}

function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) if (!isNil(record[key])) out[key] = canonicalize(record[key]);
    return out;
  }
  return value;
}

function toChangeSet(value: unknown): unknown {
  if (isNil(value)) return value;
  const pairs: string[] = [];
  if (Array.isArray(value)) {
    for (const change of value as unknown[]) {
      const c = (change ?? {}) as { path?: unknown; kind?: unknown };
      pairs.push(`${String(c.path)}\t${String(c.kind)}`);
    }
  } else if (typeof value === 'object') {
    for (const [path, kind] of Object.entries(value as Record<string, unknown>)) {
      const k = typeof kind === 'string' ? kind : kindOfChangeObject(kind);
      pairs.push(`${path}\t${String(k)}`);
    }
  }
  return [...new Set(pairs)].sort();
}

function kindOfChangeObject(kind: unknown): unknown {
  if (typeof kind !== 'object' || kind === null) return kind;
  const record = kind as Record<string, unknown>;
  return record.kind ?? record.type ?? Object.keys(record)[0];
}

function toArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (!value.trim()) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The value compared for `field`, or undefined when this kind of event has no such field. */
export function readField(event: ThreadEventEntry, field: ComparedField): unknown {
  const obj = event.obj;
  switch (event.type) {
    case 'thread.started':
      return field === 'thread_id' ? obj.thread_id : undefined;
    case 'turn.started':
      return undefined;
    case 'turn.completed':
      return field === 'usage' ? obj.usage : undefined;
    case 'turn.failed':
      return field === 'error' ? obj.error : undefined;
    case 'error':
      return field === 'message' ? obj.message : undefined;
    default:
      break;
  }
  if (field === 'usage' || field === 'thread_id') return undefined;
  const value = (event.item ?? {})[field];
  if (field === 'changes') return toChangeSet(value);
  if (field === 'arguments') return toArguments(value);
  return value;
}

function valuesEqual(field: ComparedField, expected: unknown, actual: unknown): boolean {
  if (isNil(expected) && isNil(actual)) return true;
  if (isNil(expected) || isNil(actual)) return false;
  if (field === 'usage' && typeof expected === 'object' && typeof actual === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    return Object.keys(e).every((key) => canonicalJson(e[key]) === canonicalJson(a[key]));
  }
  if (typeof expected !== 'object' && typeof actual !== 'object') return expected === actual;
  return canonicalJson(expected) === canonicalJson(actual);
}

/** The fields of `expected` that `actual` does not reproduce; empty when the events are equal. */
export function diffFields(expected: ThreadEventEntry, actual: ThreadEventEntry): FieldDiffs {
  const out: FieldDiffs = {};
  for (const field of COMPARED_FIELDS) {
    const e = readField(expected, field);
    if (e === undefined) continue;
    const a = readField(actual, field);
    if (!valuesEqual(field, e, a)) out[field] = { expected: e ?? null, actual: a ?? null };
  }
  return out;
}
