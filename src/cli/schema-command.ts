import { defineCommand } from 'citty';
import { SCHEMA_NAMES, generateJsonSchema, isSchemaName, renderJsonSchema } from '../schema/json-schemas.js';
import { writeSchemaFiles } from './write-schema-files.js';
import { describeOutputFailure, ensureOutputDir, OutputPathError } from '../write/output-dir.js';
import type { CliIo } from './io.js';
import { writeLine } from './io.js';
import { assertKnownFlags, UsageError } from './usage-error.js';

const args = {
  name: { type: 'positional', required: false, description: `Schema to print: ${SCHEMA_NAMES.join(', ')} (default: list them)`, valueHint: 'name' },
  out: { type: 'string', description: 'Write every schema as <name>.schema.json into this directory instead', valueHint: 'dir' },
} as const;

export const schemaCommand = defineCommand({
  meta: { name: 'schema', description: 'Print the published JSON Schemas (draft 2020-12) of the outputs' },
  args,
  async run({ rawArgs, args: parsed, data }) {
    const io = (data as { io: CliIo }).io;
    assertKnownFlags(rawArgs, args, 'schema');
    const name = parsed.name as string | undefined;
    if (parsed.out !== undefined) {
      if (name !== undefined) throw new UsageError('give either a schema name or --out, not both');
      try {
        ensureOutputDir(parsed.out);
        const written = await writeSchemaFiles(parsed.out);
        writeLine(io.stdout, `wrote ${written.join(', ')} to ${parsed.out}/`);
        return 0;
      } catch (error) {
        const failure = describeOutputFailure(error, { outDir: parsed.out });
        if (!(failure instanceof OutputPathError)) throw error;
        writeLine(io.stderr, `error: ${failure.message}`);
        return 1;
      }
    }
    if (name === undefined) {
      for (const known of SCHEMA_NAMES) writeLine(io.stdout, `${known}\t${String(generateJsonSchema(known).$id)}`);
      return 0;
    }
    if (!isSchemaName(name)) throw new UsageError(`unknown schema "${name}"; use one of ${SCHEMA_NAMES.join(', ')}`);
    io.stdout.write(renderJsonSchema(name));
    return 0;
  },
});
