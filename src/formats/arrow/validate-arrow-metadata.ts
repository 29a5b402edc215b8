/**
 * The Hugging Face metadata beside Arrow shards: dataset_info.json must describe exactly
 * the record features, and state.json must list exactly the shards.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ValidationContext } from '../../check/validation-context.js';
import { createHfFeatures } from './arrow-schema.js';
import { DATASET_INFO_FILE_NAME } from './hf-file-names.js';

/** `shards`: the record files, as the manifest lists them or as found in the directory. */
export async function validateArrowMetadataFile(ctx: ValidationContext, file: string, shards: readonly string[]): Promise<void> {
  const name = path.basename(file);
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    ctx.report({ file, message: `not valid JSON: ${(error as Error).message}` });
    return;
  }
  if (name === DATASET_INFO_FILE_NAME) {
    if (JSON.stringify(value.features) !== JSON.stringify(createHfFeatures())) {
      ctx.report({ file, path: '$.features', message: 'does not describe the record columns (regenerate the output with this version)' });
    }
    return;
  }
  const listed = Array.isArray(value._data_files) ? value._data_files.map((f) => (f as { filename?: unknown }).filename) : null;
  if (JSON.stringify(listed) !== JSON.stringify(shards)) {
    ctx.report({ file, path: '$._data_files', message: `lists ${JSON.stringify(listed)}, the shards are ${JSON.stringify(shards)}` });
  }
}
