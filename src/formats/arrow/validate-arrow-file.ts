/**
 * An Arrow shard, in either IPC flavour: its schema must be the record schema
 * (same columns, same types), every row must be a valid record once decoded, and
 * the file must be complete (a stream ends with the end-of-stream marker, a file
 * with its footer and magic).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { RecordBatchReader, type Schema } from 'apache-arrow';
import { HF_METADATA_KEY, createRecordArrowSchema } from './arrow-schema.js';
import { RECORD_ROWS, type ColumnarRowSchema } from './arrow-record-batch.js';
import type { RecordRules } from '../../check/validate-jsonl-file.js';
import { withDiscriminators } from '../../schema/json-schemas.js';
import type { ArrowIpcFormat } from '../../schema/output-format-names.js';
import { decodeStruct, dropAbsentFields } from './arrow-row-json.js';
import { readPublishedSchema } from '../../check/schema-validators.js';
import type { ValidationContext } from '../../check/validation-context.js';

const ARROW_MAGIC = Buffer.from('ARROW1', 'latin1');
/** Continuation marker + zero length: how an IPC stream says it is done. */
const END_OF_STREAM = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

type ArrowFileResult = { rows: number; ipc: ArrowIpcFormat | null };

export async function validateArrowFile(ctx: ValidationContext, file: string): Promise<ArrowFileResult> {
  const ipc = await detectIpcFormat(ctx, file);
  if (ipc === null) return { rows: 0, ipc };
  const handle = await open(file, 'r');
  try {
    return { rows: await validateArrowRecords(ctx, file, handle, `Arrow IPC ${ipc}`), ipc };
  } finally {
    await handle.close();
  }
}

/**
 * Checks the schema and every row of Arrow IPC data (a file handle, or bytes another
 * format was decoded into); returns the rows read. `what` names the data in messages;
 * `rows` the kind of row (default: the trajectory record), `rules` what its format checks
 * beyond the schema.
 */
export async function validateArrowRecords(
  ctx: ValidationContext,
  file: string,
  source: FileHandle | Uint8Array,
  what: string,
  rows: ColumnarRowSchema = RECORD_ROWS,
  rules?: RecordRules,
): Promise<number> {
  // The discriminator says which field tags a union's branches (`type` of a step, `role` of a message).
  const recordSchema = withDiscriminators(readPublishedSchema(rows.schemaName));
  let read = 0;
  try {
    const reader = source instanceof Uint8Array ? RecordBatchReader.from(source) : await RecordBatchReader.from(source);
    await reader.open();
    if (!checkArrowSchema(ctx, file, reader.schema, rows)) return read;
    for await (const batch of reader) {
      for (let i = 0; i < batch.numRows; i += 1) {
        const errors: { path: string; message: string }[] = [];
        const decoded = dropAbsentFields(recordSchema, decodeStruct(rows.columns, batch.get(i), '$', errors));
        for (const error of errors) ctx.report({ file, row: read, path: error.path, message: error.message });
        if (ctx.checkRecord(rows.schemaName, decoded, { file, row: read }) && rules) for (const violation of rules(decoded)) ctx.report({ file, row: read, ...violation });
        read += 1;
      }
    }
  } catch (error) {
    ctx.report({ file, row: read, message: `unreadable ${what} (truncated or corrupt): ${(error as Error).message}` });
  }
  return read;
}

/** Reads the file's first and last bytes: the IPC flavour, and whether it is complete. */
async function detectIpcFormat(ctx: ValidationContext, file: string): Promise<ArrowIpcFormat | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 8));
    const tail = Buffer.alloc(Math.min(size, 8));
    await handle.read(head, 0, head.length, 0);
    await handle.read(tail, 0, tail.length, Math.max(0, size - tail.length));
    if (head.subarray(0, 6).equals(ARROW_MAGIC)) {
      if (size < 12 || !tail.subarray(tail.length - 6).equals(ARROW_MAGIC)) {
        ctx.report({ file, message: 'truncated Arrow IPC file: the footer and closing ARROW1 magic are missing' });
        return null;
      }
      return 'file';
    }
    if (size < 8 || !head.subarray(0, 4).equals(END_OF_STREAM.subarray(0, 4))) {
      ctx.report({ file, message: 'not an Arrow IPC file or stream' });
      return null;
    }
    if (!tail.equals(END_OF_STREAM)) {
      ctx.report({ file, message: 'truncated Arrow IPC stream: no end-of-stream marker' });
      return null;
    }
    return 'stream';
  } finally {
    await handle.close();
  }
}

/** Compares the shard's columns and types with the rows' schema; reports each difference. */
function checkArrowSchema(ctx: ValidationContext, file: string, actual: Schema, rows: ColumnarRowSchema): boolean {
  const expected = createRecordArrowSchema(rows.columns, rows.schemaName);
  const describe = (schema: Schema) => new Map(schema.fields.map((f) => [f.name, String(f.type)]));
  const want = describe(expected);
  const got = describe(actual);
  let ok = true;
  for (const [name, type] of want) {
    const found = got.get(name);
    if (found === undefined) {
      ctx.report({ file, path: `$.${name}`, message: 'column missing from the Arrow schema' });
      ok = false;
    } else if (found !== type) {
      ctx.report({ file, path: `$.${name}`, message: `column type ${found}, expected ${type}` });
      ok = false;
    }
  }
  for (const name of got.keys()) {
    if (!want.has(name)) {
      ctx.report({ file, path: `$.${name}`, message: 'column not in the record schema' });
      ok = false;
    }
  }
  if (ok && [...got.keys()].join() !== [...want.keys()].join()) {
    ctx.report({ file, message: 'columns are not in the record field order' });
  }
  const features = actual.metadata.get(HF_METADATA_KEY);
  if (features !== undefined && features !== expected.metadata.get(HF_METADATA_KEY)) {
    ctx.report({ file, message: `"${HF_METADATA_KEY}" schema metadata does not describe the record features` });
  }
  return ok;
}
