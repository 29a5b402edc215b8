/**
 * The order every name list and counts object in the output is sorted by: UTF-16 code
 * units, the engine's own `<` on strings. Unlike `localeCompare` it is the same on every
 * machine and locale, so sorted output is byte-identical wherever it is written.
 */
export function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The entries as an object whose keys are in code-unit order: JSON that does not depend on the order counts were added in. */
export function recordSortedByKey<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareCodeUnits(a, b)));
}
