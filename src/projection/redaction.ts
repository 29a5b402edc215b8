/**
 * Secrets never reach an output by default: every string a projection writes (step
 * text, tool arguments inside their JSON too, tool outputs, instructions, thread event
 * items) goes through the redactor (src/redact) on its way to the writer, before any
 * encoding or size limit, so half a secret never survives. Identifiers, timestamps,
 * names and images are written as they are: they are what links and orders the record.
 */
import { isRawJsonString, type RawJsonString } from '../bytes/raw-json-string.js';
import { redactBytes, redactJsonText, redactText, type RedactionCounts } from '../redact/redact.js';
import type { StepWriter } from './session-projection.js';

/** Keys whose values are identifiers, labels or times, never free text. */
const KEPT_KEYS: ReadonlySet<string> = new Set([
  'type',
  'id',
  'call_id',
  'tool_call_id',
  'source_call_id',
  'parent_call_id',
  'raw_id',
  'thread_id',
  'session_id',
  'turn_id',
  'timestamp',
  'started_at',
  'model',
  'source_path',
  'cli_version',
  'originator',
  'outcome',
  'status',
  'phase',
  'name',
  'function_name',
  'schema_version',
  'namespace',
  'server',
  'tool',
  'images',
]);

/**
 * Keys whose string values are usually JSON text: tool-call `arguments` (the exact text the
 * model emitted) and tool definitions' `parameters`. Such text that is a JSON object or
 * array is redacted as JSON text, so it still parses; free text (a custom tool's input) as text.
 */
const JSON_TEXT_KEYS: ReadonlySet<string> = new Set(['arguments', 'parameters']);

/** Wraps a projection's writer so that every step and the summary are redacted, counting what was replaced. */
export function createRedactingWriter<Step, Summary>(writer: StepWriter<Step, Summary>, counts: RedactionCounts): StepWriter<Step, Summary> {
  return {
    writeStep: (step) => writer.writeStep(redactValue(step, counts)),
    end: (summary) => writer.end(redactValue(summary, counts)),
  };
}

/** The value with every free-text string redacted; the same value (not a copy) when nothing changed. */
export function redactValue<T>(value: T, counts: RedactionCounts): T {
  return redactAny(value, counts) as T;
}

function redactAny(value: unknown, counts: RedactionCounts): unknown {
  if (typeof value === 'string') return redactText(value, counts);
  if (typeof value !== 'object' || value === null) return value;
  if (isRawJsonString(value)) return redactRaw(value, counts);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const redacted = redactAny(value[i], counts);
      if (redacted !== value[i]) (copy ??= [...value])[i] = redacted;
    }
    return copy ?? value;
  }
  // Steps are plain objects: for-in walks their own keys without the arrays Object.entries allocates.
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key in record) {
    if (KEPT_KEYS.has(key)) continue;
    const item = record[key];
    const redacted = JSON_TEXT_KEYS.has(key) && typeof item === 'string' && looksLikeJsonText(item) ? redactJsonText(item, counts) : redactAny(item, counts);
    if (redacted !== item) (copy ??= { ...record })[key] = redacted;
  }
  return copy ?? value;
}

function looksLikeJsonText(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** A tool output kept raw: its escaped JSON text is redacted as JSON text (it stays valid), its UTF-8 bytes as text. */
function redactRaw(raw: RawJsonString, counts: RedactionCounts): RawJsonString {
  if (raw.json) {
    const redacted = redactBytes(raw.json, true, counts);
    return redacted === raw.json ? raw : { json: redacted };
  }
  const redacted = redactBytes(raw.utf8, false, counts);
  return redacted === raw.utf8 ? raw : { utf8: redacted };
}
