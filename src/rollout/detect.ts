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
  if (isLegacyHeaderShape(first)) return 'legacy';
  if (typeof first.type === 'string' && !('payload' in first)) return 'legacy';
  return null;
}

/**
 * A legacy session header: an `id` and no `type` (every ResponseItem has a `type`). An
 * `id` of the wrong type still makes a header when the header's `timestamp` is there
 * too: the file is legacy, the id is reported and taken from the file name instead.
 */
export function isLegacyHeaderShape(object: Record<string, unknown>): boolean {
  if ('type' in object) return false;
  return typeof object.id === 'string' || ('id' in object && 'timestamp' in object);
}
