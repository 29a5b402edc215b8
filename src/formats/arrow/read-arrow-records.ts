/**
 * Reads the records of Arrow IPC data back as the JSON records they stand for (the
 * columns' encodings undone: Int64 -> number, JSON text -> value), one per row, in
 * order. `merge` feeds them through the sink again, so rows, batches and shards come
 * out as a single run would have cut them.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { BuiltStep } from '../../trajectory/built-step.js';
import type { SessionSummary } from '../../trajectory/rl-schema.js';
import { RecordBatchReader } from 'apache-arrow';
import { RECORD_ROWS, type ColumnarRowSchema } from './arrow-record-batch.js';
import { decodeStruct, dropAbsentFields } from './arrow-row-json.js';
import { readPublishedSchema } from '../../check/schema-validators.js';

/** `rows`: what a row is (the trajectory record by default, or a messages row). */
export async function* readArrowRecords(source: FileHandle | Uint8Array, what: string, rows: ColumnarRowSchema = RECORD_ROWS): AsyncGenerator<Record<string, unknown>> {
  const reader = source instanceof Uint8Array ? RecordBatchReader.from(source) : await RecordBatchReader.from(source);
  await reader.open();
  const recordSchema = readPublishedSchema(rows.schemaName);
  let row = 0;
  for await (const batch of reader) {
    for (let i = 0; i < batch.numRows; i += 1) {
      const errors: { path: string; message: string }[] = [];
      const record = decodeStruct(rows.columns, batch.get(i), '$', errors);
      if (errors.length > 0) throw new Error(`${what} row ${row}: ${errors[0]!.path}: ${errors[0]!.message}`);
      row += 1;
      yield dropAbsentFields(recordSchema, record) as Record<string, unknown>;
    }
  }
}

/** A shard's sessions as the RL sink takes them: the trajectory's steps, and the rest of the record as the summary. */
async function* sessionsOfRecords(records: AsyncIterable<Record<string, unknown>>): AsyncGenerator<{ steps: BuiltStep[]; summary: SessionSummary }> {
  yield* sessionsOfRows<BuiltStep, SessionSummary>(records, RECORD_ROWS);
}

/** A shard's rows as a sink takes them: the items column's entries as steps, the rest of the row as the summary. */
export async function* sessionsOfRows<Step, Summary>(records: AsyncIterable<Record<string, unknown>>, rows: ColumnarRowSchema): AsyncGenerator<{ steps: Step[]; summary: Summary }> {
  for await (const record of records) {
    const { [rows.itemsColumn]: items, ...summary } = record;
    yield { steps: items as Step[], summary: summary as Summary };
  }
}

/** The sessions of an Arrow shard (either IPC flavour), in row order. */
export async function* readArrowSessions(file: string): AsyncGenerator<{ steps: BuiltStep[]; summary: SessionSummary }> {
  const handle = await open(file, 'r');
  try {
    yield* sessionsOfRecords(readArrowRecords(handle, file));
  } finally {
    await handle.close();
  }
}
