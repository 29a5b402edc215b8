/**
 * Some formats hold a whole session in memory before writing it: Arrow and Parquet
 * build one row per session (the trajectory is a list in that row), ATIF writes one JSON
 * document per session, thread-events writes a session's events once it has ended.
 * JSON and JSONL stream any session in bounded memory (big sessions spill to disk). The
 * formats that hold sessions declare it (`holdsSessions`), and a run refuses, up front,
 * inputs too large to fit a sensible memory budget (`--max-session`).
 */
import type { InputFile } from '../read/input-file.js';

/** Keeps a run within about 512 MB even with two such sessions in flight. */
export const DEFAULT_MAX_SESSION_BYTES = 150_000_000;

/** How a format holds a session: its name in messages, and its memory per rollout byte when measured. */
export type SessionHolding = {
  /** What is built in memory, for the message (e.g. "Arrow output holds each session in memory while it builds the session's row"). */
  reason: string;
  /** Memory per byte of rollout, where measured (printed as an estimate), else null. */
  memoryPerInputByte: number | null;
};

/** Inputs over the limit, by their size on disk (for compressed files, a lower bound of the session's size). */
export function findOversizedInputs(files: readonly InputFile[], maxBytes: number): InputFile[] {
  return files.filter((file) => file.size > maxBytes);
}

/** The one-line usage error for `oversized` inputs: the limit, the flag that lifts it, a streaming format. */
export function describeSessionRefusal(holding: SessionHolding, oversized: readonly InputFile[], maxBytes: number): string {
  const largest = Math.max(...oversized.map((file) => file.size));
  const listed = oversized
    .slice(0, 3)
    .map((file) => `${file.path} (${formatMegabytes(file.size)})`)
    .join(', ');
  const more = oversized.length > 3 ? ` and ${oversized.length - 3} more` : '';
  const perByte = holding.memoryPerInputByte;
  const memory = perByte === null ? '' : ` (about ${perByte}x the rollout's size)`;
  const needed = perByte === null ? '' : ` (about ${formatMegabytes(largest * perByte)} of memory)`;
  return (
    `${holding.reason}${memory}, ` +
    `and ${oversized.length === 1 ? '1 input is' : `${oversized.length} inputs are`} larger than the ${formatMegabytes(maxBytes)} limit: ${listed}${more}. ` +
    `Pass --max-session ${formatMegabytes(Math.ceil(largest / 1e6) * 1e6).replace(' ', '')} to convert anyway${needed}, ` +
    'or use --format jsonl, which streams sessions of any size.'
  );
}

/** The refusal for a run of a format that holds sessions, or null when every input fits. */
export function refuseOversizedSessions(holding: SessionHolding | undefined, files: readonly InputFile[], maxBytes = DEFAULT_MAX_SESSION_BYTES): string | null {
  if (!holding) return null;
  const oversized = findOversizedInputs(files, maxBytes);
  return oversized.length > 0 ? describeSessionRefusal(holding, oversized, maxBytes) : null;
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
}
