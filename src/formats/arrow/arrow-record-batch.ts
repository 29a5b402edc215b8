/**
 * The record's Arrow row, split the way conversion produces it: the trajectory's
 * steps are encoded as they arrive (on whichever thread converts the session), the
 * summary columns once the session ends. A RecordBatchBuilder concatenates finished
 * rows into the columns of one record batch.
 */
import type { SessionSummary } from '../../trajectory/rl-schema.js';
import { RECORD_COLUMNS } from './arrow-columns.js';
import { createColumnBuilder } from './arrow-column-builder.js';
import type { ColumnBuilder, ColumnBuilderOptions, ColumnChunk } from './arrow-column-chunk.js';
import type { ListBuilder } from './arrow-nested-builders.js';

const TRAJECTORY = 'trajectory';
const TRAJECTORY_INDEX = RECORD_COLUMNS.findIndex((column) => column.name === TRAJECTORY);
const SUMMARY_COLUMNS = RECORD_COLUMNS.filter((column) => column.name !== TRAJECTORY);

function trajectoryColumnType() {
  const type = RECORD_COLUMNS[TRAJECTORY_INDEX]?.type;
  if (type?.kind !== 'list') throw new Error('the record schema has no trajectory list');
  return type;
}

/** Encodes steps as items of the trajectory column. */
export function createStepBuilder(): ColumnBuilder {
  return createColumnBuilder(trajectoryColumnType().item, `${TRAJECTORY}[]`);
}

/** The record's columns other than the trajectory, as one struct (its fields are those columns). */
function createSummaryBuilder(options?: ColumnBuilderOptions): ColumnBuilder {
  return createColumnBuilder({ kind: 'struct', fields: SUMMARY_COLUMNS }, '', options);
}

/** A finished session: its summary columns as a one-row struct chunk, its steps as item chunks. */
export type ArrowRow = { summary: ColumnChunk; steps: readonly ColumnChunk[]; bytes: number };

let summaryBuilder: ColumnBuilder | undefined;

export function createArrowRow(summary: SessionSummary, steps: readonly ColumnChunk[]): ArrowRow {
  summaryBuilder ??= createSummaryBuilder();
  summaryBuilder.append(summary);
  const summaryChunk = summaryBuilder.take();
  // The trajectory list costs 4 bytes of offset besides its items (as ListBuilder counts it).
  let bytes = summaryChunk.bytes + 4;
  for (const chunk of steps) bytes += chunk.bytes;
  return { summary: summaryChunk, steps, bytes };
}

/** Its columns are views of memory it reuses: write a batch out before appending the next row. */
export class RecordBatchBuilder {
  rows = 0;
  /** Estimated bytes of the rows appended since the last take. */
  bytes = 0;
  private readonly summary = createSummaryBuilder({ reuseMemory: true });
  private readonly trajectory = createColumnBuilder(trajectoryColumnType(), TRAJECTORY, { reuseMemory: true }) as ListBuilder;

  append(row: ArrowRow): void {
    this.summary.appendChunk(row.summary);
    this.trajectory.appendItemChunks(row.steps);
    this.rows += 1;
    this.bytes += row.bytes;
  }

  /** The batch's top-level columns, in record order. */
  take(): { length: number; columns: ColumnChunk[] } {
    const length = this.rows;
    const columns = [...this.summary.take().children!];
    columns.splice(TRAJECTORY_INDEX, 0, this.trajectory.take());
    this.rows = 0;
    this.bytes = 0;
    return { length, columns };
  }
}
