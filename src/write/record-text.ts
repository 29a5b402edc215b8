/**
 * Serializes a trajectory record piece by piece, so a session is never one string
 * (a long session can exceed V8's maximum string length). The pieces concatenate to
 * exactly `JSON.stringify(record)` (compact) or `JSON.stringify(record, null, 2)`
 * (pretty), in the seed's field order, extensions last.
 */
import { copyWithoutRawStrings, defineRawStringField, rawStringFieldsOf } from '../rollout/raw-json-string.js';
import {
  sessionSummarySchema,
  trajectoryRecordSchema,
  trajectoryStepSchema,
  type SessionSummary,
  type TrajectoryStep,
} from '../trajectory/rl-schema.js';
import { isWellFormedStep } from '../trajectory/step-shape.js';

const RECORD_KEYS = Object.keys(trajectoryRecordSchema.shape) as (keyof SessionSummary | 'trajectory')[];
const TRAJECTORY_INDEX = RECORD_KEYS.indexOf('trajectory');
/** Summary fields written before `trajectory` (session_id ... system_instructions). */
export const HEAD_KEYS = RECORD_KEYS.slice(0, TRAJECTORY_INDEX) as (keyof SessionSummary)[];
/** Summary fields written after `trajectory` (final_response ... extensions). */
export const TAIL_KEYS = RECORD_KEYS.slice(TRAJECTORY_INDEX + 1) as (keyof SessionSummary)[];

export type RecordLayout = 'compact' | 'pretty';

export interface RecordTextFormat {
  /** Text from `{` up to and including the `[` that opens the trajectory. */
  head(summary: SessionSummary): string;
  /** One step, with the separator that precedes it (`index` is 0-based). */
  step(step: TrajectoryStep, index: number): string;
  /** Text from the `]` closing the trajectory to the end of the record, newline included. */
  tail(summary: SessionSummary, stepCount: number): string;
}

/**
 * Validates a step against the record schema and returns it with its keys in the
 * schema's order. A step that fails is a bug in the builder, so this throws.
 */
export function normalizeStep(step: TrajectoryStep): TrajectoryStep {
  const raw = rawStringFieldsOf(step);
  // The steps the builders produce almost always fit: a structural check proves zod would
  // return them unchanged; anything else takes zod's parse (and its error).
  if (isWellFormedStep(step, raw)) return step;
  if (!raw) return trajectoryStepSchema.parse(step);
  // Raw-backed strings (tool outputs passed through) are strings by construction: validate
  // the rest without decoding them, then put them back.
  const normalized = trajectoryStepSchema.parse(copyWithoutRawStrings(step, raw));
  for (const [key, value] of raw) defineRawStringField(normalized, key, value);
  return normalized;
}

export function normalizeSummary(summary: SessionSummary): SessionSummary {
  return sessionSummarySchema.parse(summary);
}

/**
 * One step's text (as `format.step` writes it) as UTF-8 bytes. A raw-backed string field
 * is spliced in as the JSON text it already is, instead of being decoded and escaped again.
 */
export function encodeStepText(format: RecordTextFormat, step: TrajectoryStep, index: number): (string | Uint8Array)[] {
  const raw = rawStringFieldsOf(step);
  if (!raw || raw.size !== 1) return [format.step(step, index)];
  const [key, value] = [...raw][0]!;
  // Decoded bytes (kept for Arrow) have no JSON text to splice: the field is read and escaped.
  if (!value.json) return [format.step(step, index)];
  const text = format.step(copyWithoutRawStrings(step, raw), index);
  // The first `"key":""` is the field itself: a JSON string cannot hold an unescaped quote.
  let at = text.indexOf(`${JSON.stringify(key)}:""`);
  let length = key.length + 5;
  if (at === -1) {
    at = text.indexOf(`${JSON.stringify(key)}: ""`);
    length += 1;
  }
  if (at === -1) return [format.step(step, index)];
  const split = at + length - 1;
  return [text.slice(0, split), value.json, text.slice(split)];
}

/**
 * Text pieces as one UTF-8 buffer, copied once; runs of strings are encoded together.
 * `transferable`: the buffer gets an ArrayBuffer of its own (small buffers otherwise
 * share Node's pool), so it can be transferred to another thread.
 */
export function concatText(pieces: readonly (string | Uint8Array)[], transferable = false): Buffer {
  const parts: (string | Uint8Array)[] = [];
  let run: string[] = [];
  let total = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      run.push(piece);
      continue;
    }
    if (run.length > 0) total += pushRun(parts, run);
    run = [];
    parts.push(piece);
    total += piece.byteLength;
  }
  if (run.length > 0) total += pushRun(parts, run);
  const out = transferable ? Buffer.allocUnsafeSlow(total) : Buffer.allocUnsafe(total);
  let offset = 0;
  for (const part of parts) {
    if (typeof part === 'string') offset += out.write(part, offset, 'utf8');
    else {
      out.set(part, offset);
      offset += part.byteLength;
    }
  }
  return out;
}

function pushRun(parts: (string | Uint8Array)[], run: string[]): number {
  const text = run.length === 1 ? run[0]! : run.join('');
  parts.push(text);
  return Buffer.byteLength(text, 'utf8');
}

export function createRecordTextFormat(layout: RecordLayout): RecordTextFormat {
  return layout === 'compact' ? compactFormat : prettyFormat;
}

const compactFormat: RecordTextFormat = {
  head(summary) {
    const fields = HEAD_KEYS.map((key) => `${JSON.stringify(key)}:${JSON.stringify(summary[key])}`);
    return `{${fields.map((f) => `${f},`).join('')}"trajectory":[`;
  },
  step(step, index) {
    return (index === 0 ? '' : ',') + JSON.stringify(step);
  },
  tail(summary) {
    const fields = TAIL_KEYS.map((key) => `,${JSON.stringify(key)}:${JSON.stringify(summary[key])}`);
    return `]${fields.join('')}}\n`;
  },
};

/** `JSON.stringify(value, null, 2)` re-indented to sit at `depth` levels of nesting. */
function indentJson(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  // JSON text has no raw newlines inside strings, so every newline is layout.
  return text.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

const prettyFormat: RecordTextFormat = {
  head(summary) {
    const fields = HEAD_KEYS.map((key) => `  ${JSON.stringify(key)}: ${indentJson(summary[key], 1)},\n`);
    return `{\n${fields.join('')}  "trajectory": [`;
  },
  step(step, index) {
    return `${index === 0 ? '\n' : ',\n'}    ${indentJson(step, 2)}`;
  },
  tail(summary, stepCount) {
    const fields = TAIL_KEYS.map((key) => `,\n  ${JSON.stringify(key)}: ${indentJson(summary[key], 1)}`);
    return `${stepCount === 0 ? ']' : '\n  ]'}${fields.join('')}\n}\n`;
  },
};
