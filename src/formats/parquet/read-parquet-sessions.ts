/**
 * The sessions of a Parquet shard, in row order: parquet-wasm decodes it to Arrow, read as
 * Arrow shards are, one row group (a record batch: at most 256 sessions and about 8 MiB of
 * Arrow data, see parquet-encoder.ts) at a time, so that `merge` holds one group of each
 * part decoded rather than whole shards.
 */
import { readFile } from 'node:fs/promises';
import type { BuiltStep } from '../../trajectory/built-step.js';
import type { SessionSummary } from '../../trajectory/rl-schema.js';
import { RECORD_ROWS, type ColumnarRowSchema } from '../arrow/arrow-record-batch.js';
import { readArrowRecords, sessionsOfRows } from '../arrow/read-arrow-records.js';

/** `rows`: what a row is (the trajectory record by default, or a messages row). */
export async function* readParquetSessions<Step = BuiltStep, Summary = SessionSummary>(file: string, rows: ColumnarRowSchema = RECORD_ROWS): AsyncGenerator<{ steps: Step[]; summary: Summary }> {
  yield* sessionsOfRows<Step, Summary>(readParquetRecords(file, rows), rows);
}

/** The rows of a Parquet shard as the JSON records they stand for, decoded one row group at a time. */
export async function* readParquetRecords(file: string, rows: ColumnarRowSchema = RECORD_ROWS): AsyncGenerator<Record<string, unknown>> {
  const parquet = await import('parquet-wasm');
  const bytes = await readFile(file);
  const handle = await parquet.ParquetFile.fromFile(new Blob([bytes]));
  const groups = handle.metadata().numRowGroups();
  handle.free();
  // A file without a row group (no session) still holds the schema: read it whole.
  for (const group of groups === 0 ? [undefined] : Array.from({ length: groups }, (_, g) => g)) {
    const ipc = parquet.readParquet(bytes, group === undefined ? undefined : { rowGroups: [group] }).intoIPCStream();
    yield* readArrowRecords(ipc, `${file} (row group ${group ?? 0})`, rows);
  }
}
