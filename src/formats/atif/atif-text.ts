/**
 * An ATIF document's text, piece by piece: exactly `JSON.stringify(document, null, 2)`
 * and a newline, with the steps serialized one at a time (by a worker thread) and the
 * rest of the document around them when the session ends.
 */
import { atifStepSchema, type AtifStep } from '../../trajectory/atif-schema.js';
import type { AtifSessionEnd } from './atif-projection.js';

/** Fields written before `steps`, in the RFC's order; every other field comes after. */
const HEAD_KEYS: ReadonlySet<string> = new Set(['schema_version', 'session_id', 'trajectory_id', 'agent']);

/** `JSON.stringify(value, null, 2)` re-indented to sit `depth` levels deep (JSON text has no raw newline inside a string). */
function indentJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

/** One step as it sits in the `steps` array, without its separator. Throws (a mapping bug) when the step is not ATIF. */
export function encodeAtifStep(step: AtifStep): string {
  const checked = atifStepSchema.safeParse(step);
  if (!checked.success) throw new Error(`ATIF step ${step.step_id} does not fit the schema: ${checked.error.message}`);
  return `    ${indentJson(step, 2)}`;
}

/**
 * The whole document around its encoded steps, as pieces to write one after another
 * (a long session's text can exceed the longest string V8 holds).
 */
export function assembleAtifText(document: AtifSessionEnd['document'], steps: readonly string[]): string[] {
  const entries = Object.entries(document).filter(([, value]) => value !== undefined);
  const field = ([key, value]: [string, unknown]): string => `  ${JSON.stringify(key)}: ${indentJson(value, 1)}`;
  const head = entries.filter(([key]) => HEAD_KEYS.has(key)).map((entry) => `${field(entry)},\n`);
  const tail = entries.filter(([key]) => !HEAD_KEYS.has(key)).map((entry) => `,\n${field(entry)}`);
  if (steps.length === 0) return [`{\n${head.join('')}  "steps": []${tail.join('')}\n}\n`];
  const pieces = [`{\n${head.join('')}  "steps": [\n`];
  steps.forEach((step, index) => pieces.push(index === 0 ? step : `,\n${step}`));
  pieces.push(`\n  ]${tail.join('')}\n}\n`);
  return pieces;
}
