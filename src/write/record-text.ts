/**
 * Serializes a trajectory record piece by piece, so a session is never one string
 * (a long session can exceed V8's maximum string length). The pieces concatenate to
 * exactly `JSON.stringify(record)` (compact) or `JSON.stringify(record, null, 2)`
 * (pretty), in the seed's field order, extensions last.
 */
import { createRawStringSplicer } from '../bytes/raw-json-string.js';
import { isRawOutputStep, type BuiltStep } from '../trajectory/built-step.js';
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
const HEAD_KEYS = RECORD_KEYS.slice(0, TRAJECTORY_INDEX) as (keyof SessionSummary)[];
/** Summary fields written after `trajectory` (final_response ... extensions). */
const TAIL_KEYS = RECORD_KEYS.slice(TRAJECTORY_INDEX + 1) as (keyof SessionSummary)[];

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
export function normalizeStep(step: BuiltStep): BuiltStep {
  // The steps the builders produce almost always fit: a structural check proves zod would
  // return them unchanged; anything else takes zod's parse (and its error).
  if (!isRawOutputStep(step)) return isWellFormedStep(step) ? step : trajectoryStepSchema.parse(step);
  if (isWellFormedStep(step as unknown as TrajectoryStep, RAW_OUTPUT_FIELD)) return step;
  // A raw output is a string by construction: validate the rest without decoding it, then put it back.
  const normalized = trajectoryStepSchema.parse({ ...step, output: '' });
  return { ...normalized, output: step.output } as BuiltStep;
}

/** The field a raw tool output fills (see isWellFormedStep's `rawKeys`). */
const RAW_OUTPUT_FIELD: ReadonlyMap<string, unknown> = new Map([['output', true]]);

export function normalizeSummary(summary: SessionSummary): SessionSummary {
  return sessionSummarySchema.parse(summary);
}

const spliceOutput = createRawStringSplicer('output');

/**
 * One step's text (as `format.step` writes it) as UTF-8 bytes. A raw output's JSON text
 * is spliced in as it is, instead of being decoded and escaped again.
 */
export function encodeStepText(format: RecordTextFormat, step: BuiltStep, index: number): (string | Uint8Array)[] {
  if (!isRawOutputStep(step)) return [format.step(step, index)];
  return spliceOutput(step.output, (output) => format.step({ ...step, output }, index));
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

/** The keys the summary holds: an optional field that is absent is not written (as JSON.stringify leaves it out). */
function presentKeys(keys: readonly (keyof SessionSummary)[], summary: SessionSummary): (keyof SessionSummary)[] {
  return keys.filter((key) => summary[key] !== undefined);
}

export function createRecordTextFormat(layout: RecordLayout): RecordTextFormat {
  return layout === 'compact' ? compactFormat : prettyFormat;
}

const compactFormat: RecordTextFormat = {
  head(summary) {
    const fields = presentKeys(HEAD_KEYS, summary).map((key) => `${JSON.stringify(key)}:${JSON.stringify(summary[key])}`);
    return `{${fields.map((f) => `${f},`).join('')}"trajectory":[`;
  },
  step(step, index) {
    return (index === 0 ? '' : ',') + JSON.stringify(step);
  },
  tail(summary) {
    const fields = presentKeys(TAIL_KEYS, summary).map((key) => `,${JSON.stringify(key)}:${JSON.stringify(summary[key])}`);
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
    const fields = presentKeys(HEAD_KEYS, summary).map((key) => `  ${JSON.stringify(key)}: ${indentJson(summary[key], 1)},\n`);
    return `{\n${fields.join('')}  "trajectory": [`;
  },
  step(step, index) {
    return `${index === 0 ? '\n' : ',\n'}    ${indentJson(step, 2)}`;
  },
  tail(summary, stepCount) {
    const fields = presentKeys(TAIL_KEYS, summary).map((key) => `,\n  ${JSON.stringify(key)}: ${indentJson(summary[key], 1)}`);
    return `${stepCount === 0 ? ']' : '\n  ]'}${fields.join('')}\n}\n`;
  },
};
