/**
 * A session's Arrow row, built in two parts: each step's value of the trajectory
 * column as the step arrives (on whichever thread converted the session), then the
 * summary's columns when the session ends. Sizes are estimated exactly as a whole-row
 * conversion would estimate them, so batch and shard boundaries do not depend on
 * where the steps were converted.
 */
import type { SessionSummary, TrajectoryStep } from '../trajectory/rl-schema.js';
import { RECORD_COLUMNS, type ColumnType } from './arrow-columns.js';
import { toArrowValue, type ByteCounter } from './arrow-values.js';

const TRAJECTORY = 'trajectory';

function trajectoryItemType(): ColumnType {
  const column = RECORD_COLUMNS.find((c) => c.name === TRAJECTORY);
  if (!column || column.type.kind !== 'list') throw new Error('the record schema has no trajectory list');
  return column.type.item;
}

let stepType: ColumnType | undefined;

/** One step as the trajectory column's item value, with its estimated size. */
export function toArrowStepValue(step: TrajectoryStep, index: number): { value: unknown; bytes: number } {
  stepType ??= trajectoryItemType();
  const size: ByteCounter = { bytes: 0 };
  const value = toArrowValue(stepType, step, size, `${TRAJECTORY}[${index}]`);
  return { value, bytes: size.bytes };
}

/** A session's row from its summary and its steps' values (see toArrowStepValue). */
export function assembleArrowRow(summary: SessionSummary, steps: unknown[], stepBytes: number): { values: unknown[]; bytes: number } {
  const size: ByteCounter = { bytes: 0 };
  const record = summary as Record<string, unknown>;
  const values = RECORD_COLUMNS.map((column) => {
    if (column.name !== TRAJECTORY) return toArrowValue(column.type, record[column.name], size, column.name);
    // The list itself, as toArrowValue counts it; its items were counted step by step.
    size.bytes += 4 + stepBytes;
    return steps;
  });
  return { values, bytes: size.bytes };
}
