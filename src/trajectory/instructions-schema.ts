/**
 * One line of `instructions.jsonl` (`--instructions ref`): a distinct system instructions
 * text, once, keyed by the sha256 of its UTF-8 bytes; records name it in
 * `system_instructions_ref`. Lines are sorted by key.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const INSTRUCTIONS_FILE_NAME = 'instructions.jsonl';

export const instructionsLineSchema = z.strictObject({
  /** Lowercase hex sha256 of `text` (UTF-8): the key records hold. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  text: z.string(),
});
export type InstructionsLine = z.infer<typeof instructionsLineSchema>;

/** The key of an instructions text: the lowercase hex sha256 of its UTF-8 bytes. */
export function instructionsKey(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
