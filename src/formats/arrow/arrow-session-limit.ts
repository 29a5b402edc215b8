/**
 * The Arrow output builds one row per session, and a row holds the whole trajectory:
 * a session's steps stay in memory (as column chunks, then copied into the record
 * batch) until its row is written. JSON and JSONL stream any session in bounded
 * memory, so only Arrow refuses, up front, inputs too large to fit a sensible memory
 * budget.
 */
import type { InputFile } from '../../read/input-file.js';

/** Keeps an Arrow run within about 512 MB even with two such sessions in flight. */
export const DEFAULT_ARROW_MAX_SESSION_BYTES = 150_000_000;
/**
 * Memory an Arrow session needs, per byte of rollout (measured on the benchmark's 1074 MB
 * session: 1454 MB peak RSS; the column data is about 0.6x the rollout, held twice).
 */
const ARROW_MEMORY_PER_INPUT_BYTE = 1.4;

/** Inputs over the limit, by their size on disk (for compressed files, a lower bound of the session's size). */
export function findOversizedArrowInputs(files: readonly InputFile[], maxBytes: number): InputFile[] {
  return files.filter((file) => file.size > maxBytes);
}

export function describeArrowRefusal(oversized: readonly InputFile[], maxBytes: number, flag: string): string {
  const largest = Math.max(...oversized.map((file) => file.size));
  const listed = oversized
    .slice(0, 3)
    .map((file) => `${file.path} (${formatMegabytes(file.size)})`)
    .join(', ');
  const more = oversized.length > 3 ? ` and ${oversized.length - 3} more` : '';
  return (
    `Arrow output holds each session in memory while it builds the session's row (about ${ARROW_MEMORY_PER_INPUT_BYTE}x the rollout's size), ` +
    `and ${oversized.length === 1 ? '1 input is' : `${oversized.length} inputs are`} larger than the ${formatMegabytes(maxBytes)} limit: ${listed}${more}. ` +
    `Pass ${flag} ${formatMegabytes(Math.ceil(largest / 1e6) * 1e6).replace(' ', '')} to convert anyway (about ${formatMegabytes(largest * ARROW_MEMORY_PER_INPUT_BYTE)} of memory), ` +
    'or use --format jsonl, which streams sessions of any size.'
  );
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
}
