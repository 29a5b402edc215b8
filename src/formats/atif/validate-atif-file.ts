/**
 * `validate` of an ATIF file: the published schema (schemas/atif.schema.json), then, on a
 * document that fits it, the RFC's rules (atif-rules.ts), each violation located by file
 * and JSON path like every other check.
 */
import { readJsonFile } from '../../check/validate-json-file.js';
import type { ValidationContext } from '../../check/validation-context.js';
import type { AtifTrajectory } from '../../trajectory/atif-schema.js';
import { checkAtifRules } from './atif-rules.js';

/** Returns the trajectories checked (0 when the file is not JSON). */
export async function validateAtifFile(ctx: ValidationContext, file: string): Promise<number> {
  let value: unknown;
  try {
    value = await readJsonFile(file);
  } catch (error) {
    ctx.report({ file, message: `not valid JSON: ${(error as Error).message}` });
    return 0;
  }
  if (!ctx.checkRecord('atif', value, { file })) return 1;
  for (const violation of checkAtifRules(value as AtifTrajectory)) ctx.report({ file, ...violation });
  return 1;
}
