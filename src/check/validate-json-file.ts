/**
 * A `--format json` file: one record. Files up to LARGE_JSON_BYTES are parsed
 * whole; larger ones are assembled by stream-json, since one string that size would
 * exceed V8's limit.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { parserStream } from 'stream-json';
import Assembler from 'stream-json/assembler.js';
import type { SchemaName } from './schema-validators.js';
import type { ValidationContext } from './validation-context.js';

const LARGE_JSON_BYTES = 256 * 1024 * 1024;

/** Returns the number of records checked (0 when the file is not JSON). */
export async function validateJsonFile(
  ctx: ValidationContext,
  file: string,
  schema: SchemaName = 'trajectory',
  largeBytes: number = LARGE_JSON_BYTES,
): Promise<number> {
  let value: unknown;
  try {
    value = await readJsonFile(file, largeBytes);
  } catch (error) {
    ctx.report({ file, message: `not valid JSON: ${(error as Error).message}` });
    return 0;
  }
  ctx.checkRecord(schema, value, { file });
  return 1;
}

/** One JSON document, whole or (over `largeBytes`) assembled by stream-json. */
export async function readJsonFile(file: string, largeBytes: number = LARGE_JSON_BYTES): Promise<unknown> {
  const { size } = await stat(file);
  if (size <= largeBytes) return JSON.parse(await readFile(file, 'utf8'));
  const parser = parserStream();
  const assembler = Assembler.connectTo(parser);
  await pipeline(createReadStream(file), parser);
  if (!assembler.done) throw new Error('unexpected end of file');
  return assembler.current;
}
