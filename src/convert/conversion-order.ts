/**
 * The order in which parallel workers take files. Output order never depends on
 * it (records are placed in input order), but memory and wall time do:
 * - files at least `bigFileBytes` long go first, biggest first, so one huge session
 *   does not run alone at the end while the other workers idle. Such sessions spill
 *   their steps to disk while they wait for the files before them anyway, so
 *   starting them early costs no memory;
 * - every other file follows in input order, so finished sessions rarely wait long
 *   (in memory) for the ones before them to be placed.
 */
export function planConversionOrder(files: readonly { size: number }[], bigFileBytes: number): number[] {
  const big: number[] = [];
  const rest: number[] = [];
  files.forEach((file, index) => (file.size >= bigFileBytes ? big : rest).push(index));
  big.sort((a, b) => files[b]!.size - files[a]!.size || a - b);
  return [...big, ...rest];
}
