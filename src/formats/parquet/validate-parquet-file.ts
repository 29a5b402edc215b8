/**
 * A Parquet shard: it must start and end with the PAR1 magic (a file cut short loses
 * its footer), decode, and hold the record schema's columns with every row a valid
 * record. parquet-wasm decodes it to Arrow, and the Arrow checks do the rest.
 */
import { readFile } from 'node:fs/promises';
import type { ValidationContext } from '../../check/validation-context.js';
import type { RecordRules } from '../../check/validate-jsonl-file.js';
import type { ColumnarRowSchema } from '../arrow/arrow-record-batch.js';
import { validateArrowRecords } from '../arrow/validate-arrow-file.js';

const PARQUET_MAGIC = Buffer.from('PAR1', 'latin1');

/** Returns the rows the file holds (0 when it cannot be read); `rows` and `rules` as validateArrowRecords takes them. */
export async function validateParquetFile(ctx: ValidationContext, file: string, rows?: ColumnarRowSchema, rules?: RecordRules): Promise<number> {
  const bytes = await readFile(file);
  if (bytes.length < 12 || !bytes.subarray(0, 4).equals(PARQUET_MAGIC)) {
    ctx.report({ file, message: 'not a Parquet file: it does not start with the PAR1 magic' });
    return 0;
  }
  if (!bytes.subarray(bytes.length - 4).equals(PARQUET_MAGIC)) {
    ctx.report({ file, message: 'truncated Parquet file: the footer and closing PAR1 magic are missing' });
    return 0;
  }
  let ipc: Uint8Array;
  try {
    const parquet = await import('parquet-wasm');
    ipc = parquet.readParquet(bytes).intoIPCStream();
  } catch (error) {
    ctx.report({ file, message: `unreadable Parquet file: ${String((error as Error).message ?? error)}` });
    return 0;
  }
  return validateArrowRecords(ctx, file, ipc, 'Parquet data', rows, rules);
}
