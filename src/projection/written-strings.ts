/**
 * The strings of a written value that are free text, and how each is rewritten by a text pass
 * (redaction, anonymization): step text, tool arguments (inside their JSON text too), tool
 * outputs, instructions, thread event items. Identifiers, timestamps, names and images are
 * left as they are: they are what links and orders the record.
 */
import type { Buffer } from 'node:buffer';
import { isRawJsonString, type RawJsonString } from '../bytes/raw-json-string.js';
import type { StepWriter } from './session-projection.js';

/** Keys whose values are identifiers, labels or times, never free text. */
const KEPT_KEYS: ReadonlySet<string> = new Set([
  'type',
  'id',
  'call_id',
  'tool_call_id',
  'source_call_id',
  'parent_call_id',
  'agent_session_ids',
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
 * array is rewritten as JSON text, so it still parses; free text (a custom tool's input) as text.
 */
const JSON_TEXT_KEYS: ReadonlySet<string> = new Set(['arguments', 'parameters']);

/** How a pass rewrites each kind of string; each returns its input itself when nothing changed. */
export interface TextPass {
  text(text: string): string;
  /** JSON text (or the escaped content of a JSON string): the result must parse whenever the input did. */
  jsonText(jsonText: string): string;
  /** UTF-8 bytes, or (`json`) the escaped JSON text of a string as UTF-8. */
  bytes(bytes: Buffer, json: boolean): Buffer;
  /** Keys this pass leaves as they are, besides the identifiers every pass keeps. */
  readonly keptKeys?: ReadonlySet<string>;
}

/** Wraps a projection's writer so that every step and the summary go through the pass. */
export function createRewritingWriter<Step, Summary>(writer: StepWriter<Step, Summary>, pass: TextPass): StepWriter<Step, Summary> {
  return {
    writeStep: (step) => writer.writeStep(rewriteWrittenStrings(step, pass)),
    end: (summary) => writer.end(rewriteWrittenStrings(summary, pass)),
  };
}

/** The value with every free-text string rewritten by the pass; the same value (not a copy) when nothing changed. */
export function rewriteWrittenStrings<T>(value: T, pass: TextPass): T {
  return rewriteAny(value, pass) as T;
}

function rewriteAny(value: unknown, pass: TextPass): unknown {
  if (typeof value === 'string') return pass.text(value);
  if (typeof value !== 'object' || value === null) return value;
  if (isRawJsonString(value)) return rewriteRaw(value, pass);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const rewritten = rewriteAny(value[i], pass);
      if (rewritten !== value[i]) (copy ??= [...value])[i] = rewritten;
    }
    return copy ?? value;
  }
  // Steps are plain objects: for-in walks their own keys without the arrays Object.entries allocates.
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key in record) {
    if (KEPT_KEYS.has(key) || pass.keptKeys?.has(key)) continue;
    const item = record[key];
    const rewritten = JSON_TEXT_KEYS.has(key) && typeof item === 'string' && looksLikeJsonText(item) ? pass.jsonText(item) : rewriteAny(item, pass);
    if (rewritten !== item) (copy ??= { ...record })[key] = rewritten;
  }
  return copy ?? value;
}

function looksLikeJsonText(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** A tool output kept raw: its escaped JSON text is rewritten as JSON text (it stays valid), its UTF-8 bytes as text. */
function rewriteRaw(raw: RawJsonString, pass: TextPass): RawJsonString {
  if (raw.json) {
    const rewritten = pass.bytes(raw.json, true);
    return rewritten === raw.json ? raw : { json: rewritten };
  }
  const rewritten = pass.bytes(raw.utf8, false);
  return rewritten === raw.utf8 ? raw : { utf8: rewritten };
}
