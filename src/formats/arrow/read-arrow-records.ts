/**
 * Reads the rows of Arrow IPC data back as the JSON rows they stand for (the columns'
 * encodings undone: Int64 -> number, JSON text -> value, and the nulls that only stand
 * for an absent field dropped), one per row, in order. `merge` feeds them through the
 * sink again, so rows, batches and shards come out as a single run would have cut them.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { RecordBatchReader } from 'apache-arrow';
import { readPublishedSchema } from '../../check/schema-validators.js';
import { withDiscriminators } from '../../schema/json-schemas.js';
import { RECORD_ROWS, type ColumnarRowSchema } from './arrow-record-batch.js';
import { decodeStruct, dropAbsentFields } from './arrow-row-json.js';

/** A row as a sink takes it: the items of its list column (steps, messages), and the rest as the summary. */
export type ColumnarSession = { steps: unknown[]; summary: unknown };

async function* readArrowRows(source: FileHandle | Uint8Array, what: string, rows: ColumnarRowSchema): AsyncGenerator<ColumnarSession> {
  const reader = source instanceof Uint8Array ? RecordBatchReader.from(source) : await RecordBatchReader.from(source);
  await reader.open();
  const rowSchema = withDiscriminators(readPublishedSchema(rows.schemaName));
  let row = 0;
  for await (const batch of reader) {
    for (let i = 0; i < batch.numRows; i += 1) {
      const errors: { path: string; message: string }[] = [];
      const decoded = dropAbsentFields(rowSchema, decodeStruct(rows.columns, batch.get(i), '$', errors)) as Record<string, unknown>;
      if (errors.length > 0) throw new Error(`${what} row ${row}: ${errors[0]!.path}: ${errors[0]!.message}`);
      row += 1;
      const { [rows.itemsColumn]: items, ...summary } = decoded;
      yield { steps: items as unknown[], summary };
    }
  }
}

/** The rows of an Arrow shard (either IPC flavour), in order. */
export async function* readArrowSessions(file: string, rows: ColumnarRowSchema = RECORD_ROWS): AsyncGenerator<ColumnarSession> {
  const handle = await open(file, 'r');
  try {
    yield* readArrowRows(handle, file, rows);
  } finally {
    await handle.close();
  }
}

/** The rows of a Parquet shard, in order: parquet-wasm decodes it to Arrow. */
export async function* readParquetSessions(file: string, rows: ColumnarRowSchema = RECORD_ROWS): AsyncGenerator<ColumnarSession> {
  const { readFile } = await import('node:fs/promises');
  const parquet = await import('parquet-wasm');
  yield* readArrowRows(parquet.readParquet(await readFile(file)).intoIPCStream(), file, rows);
}
