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
 * Its last records can be taken the same way, after the changed sessions are replayed,
 * when every input from the first of them to the shard's last session is unchanged: a
 * rebuild after the oldest sessions grew replays only those and copies the rest of
 * their shard (the sink checks that none of the records would start a shard there).
 */
import type { PreviousFile } from '../write/reference-file.js';
import type { RecordsAdoption } from '../write/sink.js';
import type { CachedInput } from './conversion-cache.js';

/** Records to offer the sink when the replay reaches `firstInput` (`rows` of `fileRows` from record `from`); they stand for inputs `firstInput..lastInput`. */
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
    if (taken.length > 0) planned.set(start, { reference: shard.reference, from: 0, rows: taken.length, fileRows: rows, firstInput: start, lastInput: start + (taken.at(-1)! - first) });
    if (taken.length === rows) continue;
    const tail = planTail(previousInputs, inputs, newIndex, sessions.slice(taken.length));
    if (tail) planned.set(tail.firstInput, { reference: shard.reference, from: rows - tail.rows, fileRows: rows, ...tail });
  }
  return planned;
}

/**
 * The last of `sessions` (previous input indexes: a shard's sessions after those taken
 * from its start) whose inputs, from the first of them to the last, are the same run in
 * the new input order: where they are now, and how many.
 */
function planTail(
  previous: readonly CachedInput[],
  inputs: readonly (CachedInput & { convert: boolean })[],
  newIndex: ReadonlyMap<string, number>,
  sessions: readonly number[],
): { firstInput: number; lastInput: number; rows: number } | undefined {
  const last = sessions.at(-1);
  if (last === undefined) return undefined;
  const lastInput = newIndex.get(previous[last]!.path);
  if (lastInput === undefined) return undefined;
  let same = 0;
  while (same <= last - sessions[0]! && lastInput - same >= 0 && isSame(previous[last - same]!, inputs[lastInput - same]!)) same += 1;
  const taken = sessions.filter((index) => index > last - same);
  if (taken.length === 0) return undefined;
  return { firstInput: lastInput - (last - taken[0]!), lastInput, rows: taken.length };
}

function isSame(old: CachedInput, now: CachedInput & { convert: boolean }): boolean {
  return !now.convert && now.path === old.path && now.entry === old.entry;
}

/** How many of the `count` inputs from `start` are the previous run's from `from`, each taken from its cache entry. */
function countSameRun(previous: readonly CachedInput[], from: number, inputs: readonly (CachedInput & { convert: boolean })[], start: number, count: number): number {
  for (let k = 0; k < count; k++) {
    const now = inputs[start + k];
    if (!now || !isSame(previous[from + k]!, now)) return k;
  }
  return count;
}
