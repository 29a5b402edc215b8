/** The sessions of a Parquet shard, in row order: parquet-wasm decodes it to Arrow, read as Arrow shards are. */
import { readFile } from 'node:fs/promises';
import type { BuiltStep } from '../../trajectory/built-step.js';
import type { SessionSummary } from '../../trajectory/rl-schema.js';
import { readArrowRecords, sessionsOfRecords } from '../arrow/read-arrow-records.js';

export async function* readParquetSessions(file: string): AsyncGenerator<{ steps: BuiltStep[]; summary: SessionSummary }> {
  const parquet = await import('parquet-wasm');
  const ipc = parquet.readParquet(await readFile(file)).intoIPCStream();
  yield* sessionsOfRecords(readArrowRecords(ipc, file));
}
