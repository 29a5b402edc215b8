/**
 * A file checked on its own, without a manifest to say what it holds: its name says
 * which format's check reads it (formats/<name>/ `looseFiles`); any other name is
 * read as one JSON document.
 */
import path from 'node:path';
import type { SchemaName } from '../check/schema-validators.js';
import { validateJsonFile } from '../check/validate-json-file.js';
import type { ValidationContext } from '../check/validation-context.js';
import { OUTPUT_FORMATS } from '../formats/output-formats.js';
import { INSTRUCTIONS_FILE_NAME } from '../trajectory/instructions-schema.js';
import { validateInstructionsFile } from './validate-instructions-file.js';

const ALL_CHECKS = Object.values(OUTPUT_FORMATS).flatMap((format) => format.looseFiles);
const LOOSE_CHECKS = [...ALL_CHECKS.filter((check) => check.narrower), ...ALL_CHECKS.filter((check) => !check.narrower)];
/** What a directory without a manifest is searched for (other files there are not ours). */
const DIRECTORY_EXTENSIONS = ['.jsonl', '.json', '.arrow', '.arrows'];

/**
 * `skipUnknown` (a file found in a directory): names no format writes are left alone;
 * returns whether the file was checked.
 */
export async function validateLooseFile(ctx: ValidationContext, file: string, schema: SchemaName | undefined, { skipUnknown = false } = {}): Promise<boolean> {
  const name = path.basename(file).toLowerCase();
  if (skipUnknown && !DIRECTORY_EXTENSIONS.some((extension) => name.endsWith(extension))) return false;
  if (schema === undefined && name === INSTRUCTIONS_FILE_NAME) {
    await validateInstructionsFile(ctx, file);
    return true;
  }
  const check = LOOSE_CHECKS.find((candidate) => candidate.matches(name, schema));
  if (check) await check.validate(ctx, file, schema);
  else await validateJsonFile(ctx, file, schema ?? 'trajectory');
  return true;
}
