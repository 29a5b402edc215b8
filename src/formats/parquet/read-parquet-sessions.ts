/** The sessions of a Parquet shard, in row order: parquet-wasm decodes it to Arrow, read as Arrow shards are. */
import { readFile } from 'node:fs/promises';
import type { BuiltStep } from '../../trajectory/built-step.js';
import type { SessionSummary } from '../../trajectory/rl-schema.js';
import { RECORD_ROWS, type ColumnarRowSchema } from '../arrow/arrow-record-batch.js';
import { readArrowRecords, sessionsOfRows } from '../arrow/read-arrow-records.js';

/** `rows`: what a row is (the trajectory record by default, or a messages row). */
export async function* readParquetSessions<Step = BuiltStep, Summary = SessionSummary>(file: string, rows: ColumnarRowSchema = RECORD_ROWS): AsyncGenerator<{ steps: Step[]; summary: Summary }> {
  const parquet = await import('parquet-wasm');
  const ipc = parquet.readParquet(await readFile(file)).intoIPCStream();
  yield* sessionsOfRows<Step, Summary>(readArrowRecords(ipc, file, rows), rows);
}
