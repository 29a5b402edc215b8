/**
 * How the CLI prints sizes: SI units, as `--shard-size` and `--arrow-max-session` read
 * them (`MB` = 10^6 bytes; the IEC `MiB` = 2^20 is accepted as input, see
 * write/byte-size.ts). The summary, the progress line and the messages all use these.
 */
const UNITS = [
  ['GB', 1e9],
  ['MB', 1e6],
  ['kB', 1e3],
] as const;

/** `812 B`, `145.0 kB`, `20.5 MB`, `1.2 GB`. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of UNITS) if (bytes >= size) return `${(bytes / size).toFixed(1)} ${unit}`;
  return `${bytes} B`;
}

/** Megabytes (10^6 bytes) with one decimal, for the progress line: `20.5`. */
export function formatMegabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/** What a size flag accepts, for its help text and its error messages. */
export const SIZE_EXPECTED = 'a size such as 500000, 256MB or 1GiB (kB, MB, GB = 10^3, 10^6, 10^9 bytes; KiB, MiB, GiB = 2^10, 2^20, 2^30)';
