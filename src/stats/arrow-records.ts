/**
 * Arrow and Parquet record files read back as the JSON records their rows stand for.
 * Loaded only for those datasets: apache-arrow (and parquet-wasm) take a while to load.
 */
import { open, readFile } from 'node:fs/promises';
import { RecordBatchReader } from 'apache-arrow';
import { RECORD_COLUMNS } from '../formats/arrow/arrow-columns.js';
import { decodeStruct } from '../formats/arrow/arrow-row-json.js';
import type { DatasetRecord } from './dataset-records.js';
import { StatsInputError } from './stats-errors.js';

export async function* readArrowRecords(file: string, parquet: boolean): AsyncGenerator<DatasetRecord> {
  const handle = parquet ? null : await open(file, 'r');
  try {
    let source: Uint8Array | typeof handle;
    if (parquet) {
      const { readParquet } = await import('parquet-wasm');
      source = readParquet(await readFile(file)).intoIPCStream();
    } else source = handle;
    const reader = source instanceof Uint8Array ? RecordBatchReader.from(source) : await RecordBatchReader.from(source!);
    await reader.open();
    for await (const batch of reader) {
      for (let i = 0; i < batch.numRows; i += 1) {
        const errors: { path: string; message: string }[] = [];
        const record = decodeStruct(RECORD_COLUMNS, batch.get(i), '$', errors);
        if (errors.length > 0) throw new StatsInputError(`${file}: row ${i}: ${errors[0]!.path}: ${errors[0]!.message}; run rollout-kit validate on the dataset`);
        yield record;
      }
    }
  } catch (error) {
    if (error instanceof StatsInputError) throw error;
    throw new StatsInputError(`${file}: unreadable ${parquet ? 'Parquet' : 'Arrow'} file (${(error as Error).message.split('\n')[0]}); run rollout-kit validate on the dataset`);
  } finally {
    await handle?.close();
  }
}
