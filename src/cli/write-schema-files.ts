import path from 'node:path';
import { AtomicFile } from '../write/atomic-file.js';
import { SCHEMA_NAMES, formatSchemaFileName, renderJsonSchema } from '../schema/json-schemas.js';

/** Writes every published schema into `dir` (atomically); returns the file names. */
export async function writeSchemaFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const name of SCHEMA_NAMES) {
    const fileName = formatSchemaFileName(name);
    const file = await AtomicFile.create(dir, fileName);
    await file.write(renderJsonSchema(name));
    await file.finish();
    await file.moveTo(path.join(dir, fileName));
    names.push(fileName);
  }
  return names;
}
