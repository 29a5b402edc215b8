/**
 * A cheap, conservative check of a trajectory step against rl-schema.ts, for the hot
 * path: true only when zod's parse would accept the step and return it unchanged (same
 * keys, same order, nothing stripped). Anything else (an invalid step, but also an
 * unusual valid one, like an optional field present as undefined) answers false and
 * goes through zod, which stays the source of truth. A test keeps the field table
 * below equal to the zod shapes.
 */
import type { TrajectoryStep, TrajectoryStepType } from './rl-schema.js';

export type StepFieldKind =
  | 'string'
  | 'nullableString'
  | 'optionalString'
  | 'optionalNullableString'
  | 'stringArray'
  | 'optionalStringArray'
  | 'optionalNullableInt'
  | 'unknown';

/** Each step type's fields in the schema's order (the `type` literal first). */
export const STEP_FIELDS: Record<TrajectoryStepType, readonly (readonly [string, StepFieldKind])[]> = {
  user_message: [
    ['content', 'string'],
    ['timestamp', 'nullableString'],
    ['images', 'optionalStringArray'],
  ],
  assistant_message: [
    ['content', 'string'],
    ['timestamp', 'nullableString'],
    ['phase', 'optionalString'],
  ],
  reasoning: [
    ['content', 'string'],
    ['timestamp', 'nullableString'],
  ],
  tool_call: [
    ['name', 'string'],
    ['arguments', 'unknown'],
    ['call_id', 'nullableString'],
    ['timestamp', 'nullableString'],
    ['namespace', 'optionalString'],
  ],
  tool_output: [
    ['call_id', 'string'],
    ['output', 'string'],
    ['timestamp', 'nullableString'],
    ['exit_code', 'optionalNullableInt'],
    ['images', 'optionalStringArray'],
  ],
  shell_command: [
    ['command', 'stringArray'],
    ['call_id', 'nullableString'],
    ['timestamp', 'nullableString'],
    ['name', 'string'],
    ['arguments', 'unknown'],
    ['workdir', 'optionalNullableString'],
  ],
};

/**
 * `rawKeys`: fields backed by raw JSON text (strings by construction); their values are
 * not read, so nothing gets decoded.
 */
export function isWellFormedStep(step: TrajectoryStep, rawKeys?: ReadonlyMap<string, unknown>): boolean {
  const type = (step as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(STEP_FIELDS, type)) return false;
  const fields = STEP_FIELDS[type as TrajectoryStepType];
  const keys = Object.keys(step);
  if (keys[0] !== 'type') return false;
  const record = step as unknown as Record<string, unknown>;
  let k = 1;
  for (const [name, kind] of fields) {
    const present = keys[k] === name;
    if (!present) {
      // Only optional fields may be left out; a key out of order or unknown is caught below.
      if (kind !== 'optionalString' && kind !== 'optionalNullableString' && kind !== 'optionalStringArray' && kind !== 'optionalNullableInt') return false;
      continue;
    }
    k += 1;
    if (rawKeys?.has(name)) {
      if (kind !== 'string') return false;
      continue;
    }
    if (!fitsKind(record[name], kind)) return false;
  }
  return k === keys.length;
}

function fitsKind(value: unknown, kind: StepFieldKind): boolean {
  switch (kind) {
    case 'string':
    case 'optionalString':
      return typeof value === 'string';
    case 'nullableString':
    case 'optionalNullableString':
      return value === null || typeof value === 'string';
    case 'stringArray':
    case 'optionalStringArray':
      return isStringArray(value);
    case 'optionalNullableInt':
      // zod's int() accepts safe integers only.
      return value === null || Number.isSafeInteger(value);
    case 'unknown':
      // zod keeps any value; an explicit undefined is left to zod.
      return value !== undefined;
  }
}

function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}
