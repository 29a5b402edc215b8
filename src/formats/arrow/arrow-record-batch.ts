/**
 * A columnar row, split the way conversion produces it: the items of its list column
 * (the record's trajectory steps, a messages row's messages) are encoded as they arrive
 * (on whichever thread converts the session), the other columns once the session ends.
 * A RecordBatchBuilder concatenates finished rows into the columns of one record batch.
 */
import type { SchemaName } from '../../check/schema-validators.js';
import { RECORD_COLUMNS, type Column } from './arrow-columns.js';
import { createColumnBuilder } from './arrow-column-builder.js';
import type { ColumnBuilder, ColumnBuilderOptions, ColumnChunk } from './arrow-column-chunk.js';
import type { ListBuilder } from './arrow-nested-builders.js';

/** The columns of a row kind, and the list column whose items arrive one by one. */
export type ColumnarRowSchema = {
  /** The published schema the rows follow (`validate` checks them against it). */
  schemaName: SchemaName;
  columns: readonly Column[];
  itemsColumn: string;
};

export const RECORD_ROWS: ColumnarRowSchema = { schemaName: 'trajectory', columns: RECORD_COLUMNS, itemsColumn: 'trajectory' };

function itemsIndex(rows: ColumnarRowSchema): number {
  return rows.columns.findIndex((column) => column.name === rows.itemsColumn);
}

function itemsColumnType(rows: ColumnarRowSchema) {
  const type = rows.columns[itemsIndex(rows)]?.type;
  if (type?.kind !== 'list') throw new Error(`the ${rows.schemaName} schema has no ${rows.itemsColumn} list`);
  return type;
}

/** Encodes items (steps, messages) of the list column. */
export function createStepBuilder(rows: ColumnarRowSchema = RECORD_ROWS): ColumnBuilder {
  return createColumnBuilder(itemsColumnType(rows).item, `${rows.itemsColumn}[]`);
}

/** The row's columns other than the list, as one struct (its fields are those columns). */
function createSummaryBuilder(rows: ColumnarRowSchema, options?: ColumnBuilderOptions): ColumnBuilder {
  return createColumnBuilder({ kind: 'struct', fields: rows.columns.filter((column) => column.name !== rows.itemsColumn) }, '', options);
}

/** A finished session: its summary columns as a one-row struct chunk, its items as item chunks. */
export type ArrowRow = { summary: ColumnChunk; steps: readonly ColumnChunk[]; bytes: number };

const summaryBuilders = new Map<ColumnarRowSchema, ColumnBuilder>();

export function createArrowRow(summary: object, steps: readonly ColumnChunk[], rows: ColumnarRowSchema = RECORD_ROWS): ArrowRow {
  let summaryBuilder = summaryBuilders.get(rows);
  if (!summaryBuilder) summaryBuilders.set(rows, (summaryBuilder = createSummaryBuilder(rows)));
  summaryBuilder.append(summary);
  const summaryChunk = summaryBuilder.take();
  // The list costs 4 bytes of offset besides its items (as ListBuilder counts it).
  let bytes = summaryChunk.bytes + 4;
  for (const chunk of steps) bytes += chunk.bytes;
  return { summary: summaryChunk, steps, bytes };
}

/** Its columns are views of memory it reuses: write a batch out before appending the next row. */
export class RecordBatchBuilder {
  rows = 0;
  /** Estimated bytes of the rows appended since the last take. */
  bytes = 0;
  private readonly summary: ColumnBuilder;
  private readonly items: ListBuilder;
  private readonly itemsIndex: number;

  constructor(rows: ColumnarRowSchema = RECORD_ROWS) {
    this.summary = createSummaryBuilder(rows, { reuseMemory: true });
    this.items = createColumnBuilder(itemsColumnType(rows), rows.itemsColumn, { reuseMemory: true }) as ListBuilder;
    this.itemsIndex = itemsIndex(rows);
  }

  append(row: ArrowRow): void {
    this.summary.appendChunk(row.summary);
    this.items.appendItemChunks(row.steps);
    this.rows += 1;
    this.bytes += row.bytes;
  }

  /** The batch's top-level columns, in the row's field order. */
  take(): { length: number; columns: ColumnChunk[] } {
    const length = this.rows;
    const columns = [...this.summary.take().children!];
    columns.splice(this.itemsIndex, 0, this.items.take());
    this.rows = 0;
    this.bytes = 0;
    return { length, columns };
  }
}
