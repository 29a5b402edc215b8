/**
 * How golden records store `system_instructions`: Codex's base instructions are
 * 9-22 KB of text, so a golden keeps a digest of them (SHA-256, length and the
 * first 80 characters) instead of the text. Short instructions are kept verbatim.
 * The golden test applies the same digest to the converter's record before comparing.
 */
import { createHash } from 'node:crypto';

export const VERBATIM_INSTRUCTIONS_MAX = 200;

export type InstructionsDigest = { sha256: string; length: number; head: string };

export function digestInstructions(text: string | null): string | InstructionsDigest | null {
  if (text === null || text.length <= VERBATIM_INSTRUCTIONS_MAX) return text;
  return { sha256: createHash('sha256').update(text).digest('hex'), length: text.length, head: text.slice(0, 80) };
}
