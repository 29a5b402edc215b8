/**
 * A JSONL file (trajectories, thread events, issues): every line one JSON value
 * valid against the schema. Read as a stream of lines, never whole. A blank line
 * in the middle is a violation (many JSONL readers reject it); a missing newline
 * after the last record is tolerated.
 */
import type { SchemaName } from './schema-validators.js';
import type { ValidationContext } from './validation-context.js';
import { readTextLines } from '../read/text-lines.js';

/** What a format checks of a record beyond its schema (on a record the schema accepted), each problem at a JSON path. */
export type RecordRules = (value: unknown) => { path: string; message: string }[];

/** Returns the number of non-blank lines (records) read. */
export async function validateJsonlFile(ctx: ValidationContext, file: string, schema: SchemaName, rules?: RecordRules): Promise<number> {
  let line = 0;
  let rows = 0;
  let blankLine: number | undefined;
  try {
    const lines = readTextLines(file);
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') {
        blankLine ??= line;
        continue;
      }
      if (blankLine !== undefined) {
        ctx.report({ file, line: blankLine, message: 'blank line between records' });
        blankLine = undefined;
      }
      rows += 1;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        ctx.records += 1;
        ctx.report({ file, line, message: `not valid JSON: ${(error as Error).message}` });
        continue;
      }
      if (ctx.checkRecord(schema, value, { file, line }) && rules) for (const violation of rules(value)) ctx.report({ file, line, ...violation });
    }
  } catch (error) {
    ctx.report({ file, line: line + 1, message: `could not read: ${(error as Error).message}` });
  }
  return rows;
}
