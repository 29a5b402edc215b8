import { defineCommand } from 'citty';
import type { SchemaName } from '../check/schema-validators.js';
import { summarizeValidation, validatePaths } from '../validate/validate-paths.js';
import { formatViolation } from '../check/violation.js';
import type { CliIo } from './io.js';
import { writeLine } from './io.js';
import { assertKnownFlags, UsageError } from './usage-error.js';

const SCHEMAS: readonly SchemaName[] = ['trajectory', 'messages', 'thread-event', 'atif', 'issue', 'manifest'];

const args = {
  paths: { type: 'positional', required: false, description: 'Output files (.json, .jsonl, .arrow) or output directories', valueHint: 'paths' },
  schema: { type: 'string', description: `Schema for JSON/JSONL files outside a manifest: ${SCHEMAS.join(', ')}`, valueHint: 'name' },
  quiet: { type: 'boolean', alias: 'q', default: false, description: 'Print only the summary line' },
} as const;

export const validateCommand = defineCommand({
  meta: { name: 'validate', description: 'Check outputs against the published JSON Schemas and their manifest' },
  args,
  async run({ rawArgs, args: parsed, data }) {
    const io = (data as { io: CliIo }).io;
    assertKnownFlags(rawArgs, args, 'validate');
    const paths = parsed._.map(String);
    if (paths.length === 0) throw new UsageError('give the files or directories to validate, e.g. `rollout-kit validate out/`');
    const schema = parsed.schema;
    if (schema !== undefined && !(SCHEMAS as readonly string[]).includes(schema)) {
      throw new UsageError(`unknown schema "${schema}"; use one of ${SCHEMAS.join(', ')}`);
    }
    const report = await validatePaths(paths, {
      schema: schema as SchemaName | undefined,
      onViolation: parsed.quiet ? undefined : (violation) => writeLine(io.stdout, formatViolation(violation)),
    });
    if (report.valid && report.files === 0) {
      // An empty directory (or one holding no output file) is not a valid dataset: likely the wrong path.
      writeLine(io.stderr, `error: nothing to validate: no output file in ${paths.join(', ')}`);
      return 1;
    }
    writeLine(io.stdout, summarizeValidation(report));
    return report.valid ? 0 : 1;
  },
});
