/**
 * `instructions.jsonl` (`--instructions ref`): every line `{sha256, text}` with the key the
 * sha256 of its text, keys sorted and unique (the order the run writes them in).
 */
import type { ValidationContext } from '../check/validation-context.js';
import { instructionsKey, instructionsLineSchema } from '../trajectory/instructions-schema.js';
import { readTextLines } from '../read/text-lines.js';

/** Returns the lines (texts) read. */
export async function validateInstructionsFile(ctx: ValidationContext, file: string): Promise<number> {
  let line = 0;
  let previous: string | null = null;
  try {
    for await (const text of readTextLines(file)) {
      line += 1;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        ctx.report({ file, line, message: `not valid JSON: ${(error as Error).message}` });
        continue;
      }
      const parsed = instructionsLineSchema.safeParse(value);
      if (!parsed.success) {
        ctx.report({ file, line, message: `not an instructions line {sha256, text}: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
        continue;
      }
      const { sha256, text: instructions } = parsed.data;
      if (instructionsKey(instructions) !== sha256) ctx.report({ file, line, path: '$.sha256', message: 'is not the sha256 of the text' });
      if (previous !== null && sha256 <= previous) ctx.report({ file, line, path: '$.sha256', message: 'keys are not sorted and unique' });
      previous = sha256;
    }
  } catch (error) {
    ctx.report({ file, line: line + 1, message: `could not read: ${(error as Error).message}` });
  }
  return line;
}
