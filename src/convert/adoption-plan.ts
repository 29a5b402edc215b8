/**
 * Which record files of the last dataset an `--incremental` rebuild can take whole, or
 * in part, without replaying their sessions from the cache. A record shard holds the
 * sessions its rows count, in input order, of the inputs that placed one
 * (CachedInput.placed). Its first records can be taken when every input from its first
 * session to the last of them is still there, in the same order, with the same content
 * (the same cache entry, not converted again): their bytes are then the bytes a clean
 * build would write there, provided a clean build starts a shard with the first of them
 * there; the sink checks that when the records are offered (SessionSink.adoptRecords) and
 * otherwise the sessions are replayed as usual. A nightly rebuild changes the newest
 * sessions, which sit at the end of the last shard: the sessions before them are taken.
 */
import type { PreviousFile } from '../write/reference-file.js';
import type { RecordsAdoption } from '../write/sink.js';
import type { CachedInput } from './conversion-cache.js';

/** Records to offer the sink when the replay reaches `firstInput` (the first `rows` of `fileRows`); they stand for inputs `firstInput..lastInput`. */
export type PlannedAdoption = Omit<RecordsAdoption<unknown>, 'sessions'> & { firstInput: number; lastInput: number };

export function planAdoptions(
  previousInputs: readonly CachedInput[],
  inputs: readonly (CachedInput & { convert: boolean })[],
  shards: readonly PreviousFile[],
): Map<number, PlannedAdoption> {
  const planned = new Map<number, PlannedAdoption>();
  if (previousInputs.some((input) => input.placed === undefined)) return planned;
  const placing = previousInputs.flatMap((input, index) => (input.placed ? [index] : []));
  // A manifest that does not count the sessions the state places is not the one it describes.
  if (shards.reduce((sum, shard) => sum + (shard.rows ?? 0), 0) !== placing.length) return planned;
  const newIndex = new Map(inputs.map((input, index) => [input.path, index]));
  let ordinal = 0;
  for (const shard of shards) {
    const rows = shard.rows ?? 0;
    const sessions = placing.slice(ordinal, ordinal + rows);
    ordinal += rows;
    if (!shard.reference || rows === 0) continue;
    const first = sessions[0]!;
    const start = newIndex.get(previousInputs[first]!.path);
    if (start === undefined) continue;
    const same = countSameRun(previousInputs, first, inputs, start, sessions.at(-1)! - first + 1);
    const taken = sessions.filter((index) => index < first + same);
    if (taken.length === 0) continue;
    planned.set(start, { reference: shard.reference, rows: taken.length, fileRows: rows, firstInput: start, lastInput: start + (taken.at(-1)! - first) });
  }
  return planned;
}

/** How many of the `count` inputs from `start` are the previous run's from `from`, each taken from its cache entry. */
function countSameRun(previous: readonly CachedInput[], from: number, inputs: readonly (CachedInput & { convert: boolean })[], start: number, count: number): number {
  for (let k = 0; k < count; k++) {
    const old = previous[from + k]!;
    const now = inputs[start + k];
    if (!now || now.convert || now.path !== old.path || now.entry !== old.entry) return k;
  }
  return count;
}
