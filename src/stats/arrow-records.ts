/**
 * Arrow and Parquet record files read back as the JSON records their rows stand for, by the
 * readers `merge` uses (formats/arrow/read-arrow-records.ts, and for Parquet one row group at
 * a time, formats/parquet/read-parquet-sessions.ts); a file it cannot read is one line
 * pointing at `validate`. Loaded only for those datasets: apache-arrow (and
 * parquet-wasm) take a while to load.
 */
import { open } from 'node:fs/promises';
import { readArrowRecords as readRows } from '../formats/arrow/read-arrow-records.js';
import type { DatasetRecord } from './dataset-records.js';
import { StatsInputError } from './stats-errors.js';

export async function* readArrowRecords(file: string, parquet: boolean): AsyncGenerator<DatasetRecord> {
  const handle = parquet ? null : await open(file, 'r');
  try {
    yield* parquet ? (await import('../formats/parquet/read-parquet-sessions.js')).readParquetRecords(file) : readRows(handle!, file);
  } catch (error) {
    throw new StatsInputError(`${file}: unreadable ${parquet ? 'Parquet' : 'Arrow'} file (${(error as Error).message.split('\n')[0]}); run rollout-kit validate on the dataset`);
  } finally {
    await handle?.close();
  }
}
