/**
 * Which generation wrote a file, decided from its first JSON object, never from
 * the file name (docs/format.md §2):
 * - wrapped (G4/G5, Codex 0.34+): `{timestamp, type, payload}` envelopes;
 * - legacy (G1-G3, Codex 0.8-0.29): a bare header `{id, timestamp, instructions?, git?}`
 *   followed by bare response items and `{"record_type": "state"}` lines.
 */
import { isWrappedLine } from './wrapped.js';

export type RolloutGeneration = 'wrapped' | 'legacy';

export function detectGeneration(firstValue: unknown): RolloutGeneration | null {
  if (typeof firstValue !== 'object' || firstValue === null || Array.isArray(firstValue)) return null;
  if (isWrappedLine(firstValue)) return 'wrapped';
  const first = firstValue as Record<string, unknown>;
  if ('record_type' in first) return 'legacy';
  if (typeof first.id === 'string' && !('type' in first)) return 'legacy';
  if (typeof first.type === 'string' && !('payload' in first)) return 'legacy';
  return null;
}
