/**
 * `rollout-kit validate <paths...>`: checks output files and directories against the
 * published schemas and, for directories with a manifest, against the manifest.
 * Library code: violations go to the callback; nothing is printed.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SchemaName } from '../check/schema-validators.js';
import { ValidationContext } from '../check/validation-context.js';
import { validateDirectory } from './validate-directory.js';
import { validateLooseFile } from './validate-loose-file.js';
import type { ViolationSink } from '../check/violation.js';

export type ValidateOptions = {
  /** Schema for JSON/JSONL files not described by a manifest (default: by file name, else trajectory). */
  schema?: SchemaName | undefined;
  onViolation?: ViolationSink | undefined;
};

export type ValidationReport = {
  /** Files checked (a directory counts the files in it, its manifest included). */
  files: number;
  /** Records (or lines) checked. */
  records: number;
  violations: number;
  /** Files with at least one violation. */
  invalidFiles: number;
  valid: boolean;
};

export async function validatePaths(paths: readonly string[], options: ValidateOptions = {}): Promise<ValidationReport> {
  const ctx = new ValidationContext(options.onViolation ?? (() => undefined));
  let files = 0;
  for (const target of paths) {
    const info = await stat(target).catch(() => undefined);
    if (!info) {
      ctx.report({ file: target, message: 'no such file or directory' });
      continue;
    }
    if (info.isDirectory()) {
      files += (await validateDirectory(ctx, target, options.schema)).files;
      continue;
    }
    // A device never ends (/dev/zero, /dev/urandom): reading one for records would not stop. A pipe does end.
    if (info.isCharacterDevice() || info.isBlockDevice()) {
      ctx.report({ file: target, message: 'is a device, not a file: nothing to validate' });
      continue;
    }
    files += 1;
    await validateFile(ctx, target, options.schema);
  }
  return { files, records: ctx.records, violations: ctx.violations, invalidFiles: ctx.invalidFiles, valid: ctx.violations === 0 };
}

async function validateFile(ctx: ValidationContext, file: string, schema: SchemaName | undefined): Promise<void> {
  if (path.basename(file).toLowerCase() === 'manifest.json') await validateDirectory(ctx, path.dirname(file), schema);
  else await validateLooseFile(ctx, file, schema);
}

export function summarizeValidation(report: ValidationReport): string {
  const checked = `${report.files} file${report.files === 1 ? '' : 's'}, ${report.records} record${report.records === 1 ? '' : 's'}`;
  if (report.valid) return `valid: ${checked}`;
  return `invalid: ${report.violations} violation${report.violations === 1 ? '' : 's'} in ${report.invalidFiles} file${report.invalidFiles === 1 ? '' : 's'} (checked ${checked})`;
}
