/**
 * Parses human byte sizes for `--shard-size`: `500000`, `500k`, `256MB`, `1.5 GB`,
 * `1GiB`. Decimal units (k, MB, GB, TB) are powers of 1000 and binary units (KiB,
 * MiB, GiB, TiB) powers of 1024, as Hugging Face's `max_shard_size` reads them.
 * Units are case-insensitive.
 */
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

const SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i;

/** Returns the size in whole bytes (rounded down); throws a RangeError saying what is accepted. */
export function parseByteSize(text: string): number {
  const match = SIZE_PATTERN.exec(text);
  const unit = match?.[2]?.toLowerCase() ?? '';
  const factor = UNITS[unit];
  if (!match?.[1] || factor === undefined) {
    throw new RangeError(`invalid size "${text}": use a number of bytes with an optional unit (500k, 256MB, 1GiB)`);
  }
  const bytes = Math.floor(Number(match[1]) * factor);
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new RangeError(`invalid size "${text}": must be at least 1 byte`);
  }
  return bytes;
}
