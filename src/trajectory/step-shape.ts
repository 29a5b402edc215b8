/**
 * A cheap check of a trajectory step against rl-schema.ts, for the hot path: true only
 * when zod's parse would accept the step and return it unchanged (same keys, in the same
 * order, nothing stripped), so the step can be serialized as it is. Anything else (an
 * invalid step, but also an unusual valid one, like an optional field present as
 * undefined) answers false and goes through zod, which stays the source of truth. The
 * check is compiled from the step schemas, so it follows every change to them.
 */
import { compileShapeCheck } from '../shape-check/compile-shape-check.js';
import { trajectoryStepSchema, type TrajectoryStep } from './rl-schema.js';

const checkStep = compileShapeCheck(trajectoryStepSchema, { keyOrder: true, stringKeys: true });

/**
 * `rawKeys`: fields backed by raw JSON text (strings by construction); their values are
 * not read, so nothing gets decoded.
 */
export function isWellFormedStep(step: TrajectoryStep, rawKeys?: ReadonlyMap<string, unknown>): boolean {
  return checkStep(step, rawKeys);
}
