import { describe, expect, it } from 'vitest';
import { planAdoptions } from '../../src/convert/adoption-plan.js';
import type { CachedInput } from '../../src/convert/conversion-cache.js';
import type { PreviousFile } from '../../src/write/reference-file.js';

/** Inputs a..f; `placed` as given (a file without a session, or one the filters dropped, places none). */
function inputs(placed: boolean[], changes: Partial<Record<number, Partial<CachedInput & { convert: boolean }>>> = {}) {
  return placed.map((p, i) => ({ path: `in/${'abcdef'[i]}.jsonl`, size: 10, mtimeMs: 1, ctimeMs: 1, sha256: `h${i}`, entry: `e${i}`, placed: p, convert: false, ...changes[i] }));
}

function shards(rows: number[], untrusted: number[] = []): PreviousFile[] {
  return rows.map((n, i) => ({
    name: `trajectories-0000${i}-of-0000${rows.length}.jsonl`,
    rows: n,
    bytes: 1000 + i,
    reference: untrusted.includes(i) ? undefined : { path: `out/${i}`, bytes: 1000 + i, sha256: `s${i}` },
  }));
}

describe('planAdoptions', () => {
  const previous = inputs([true, false, true, true, true, true]);

  it('offers every shard of an unchanged run at its first session, standing for the inputs up to its last', () => {
    const plan = planAdoptions(previous, inputs([true, false, true, true, true, true]), shards([2, 2, 1]));
    expect([...plan.values()].map(({ reference, firstInput, lastInput, rows }) => ({ file: reference.path, firstInput, lastInput, rows }))).toEqual([
      // a, (b places none), c
      { file: 'out/0', firstInput: 0, lastInput: 2, rows: 2 },
      { file: 'out/1', firstInput: 3, lastInput: 4, rows: 2 },
      { file: 'out/2', firstInput: 5, lastInput: 5, rows: 1 },
    ]);
  });

  it('leaves out a shard holding an input converted again, or whose file cannot be trusted', () => {
    const converted = planAdoptions(previous, inputs([true, false, true, true, true, true], { 3: { convert: true, entry: 'e3b' } }), shards([2, 2, 1]));
    // d is converted again: of its shard (d e), only e is taken, after d is placed.
    expect([...converted.keys()]).toEqual([0, 4, 5]);
    expect(converted.get(4)).toMatchObject({ from: 1, rows: 1, fileRows: 2, firstInput: 4, lastInput: 4 });
    const untrusted = planAdoptions(previous, inputs([true, false, true, true, true, true]), shards([2, 2, 1], [0]));
    expect([...untrusted.keys()]).toEqual([3, 5]);
  });

  it('finds a shard where its inputs moved to, and takes of one an input was removed from or added into only the sessions before it', () => {
    // A new input before everything: every shard moves one place on.
    const shifted = [{ ...previous[0]!, path: 'in/0.jsonl', entry: 'new', convert: true }, ...inputs([true, false, true, true, true, true])];
    expect([...planAdoptions(previous, shifted, shards([2, 2, 1])).keys()]).toEqual([1, 4, 6]);
    // b (which placed no session) is gone: the first shard's inputs are no longer the same run after a.
    const withoutB = inputs([true, false, true, true, true, true]).filter((input) => input.path !== 'in/b.jsonl');
    const plan = planAdoptions(previous, withoutB, shards([2, 2, 1]));
    expect([...plan.keys()]).toEqual([0, 1, 2, 4]);
    expect(plan.get(0)).toMatchObject({ from: 0, rows: 1, fileRows: 2, firstInput: 0, lastInput: 0 });
    // c, after it, is offered on its own: the same record after a's, if it does not start a shard there.
    expect(plan.get(1)).toMatchObject({ from: 1, rows: 1, fileRows: 2, firstInput: 1, lastInput: 1 });
  });

  it('takes the sessions of a shard before its first input converted again: a nightly rebuild of its newest sessions', () => {
    // e (the second session of the middle shard, d e) is converted again: d is taken, e is replayed.
    const plan = planAdoptions(previous, inputs([true, false, true, true, true, true], { 4: { convert: true, entry: 'e4b' } }), shards([2, 2, 1]));
    expect([...plan.values()].map(({ rows, fileRows, firstInput, lastInput }) => ({ rows, fileRows, firstInput, lastInput }))).toEqual([
      { rows: 2, fileRows: 2, firstInput: 0, lastInput: 2 },
      { rows: 1, fileRows: 2, firstInput: 3, lastInput: 3 },
      { rows: 1, fileRows: 1, firstInput: 5, lastInput: 5 },
    ]);
    // b, which places no session, ends nothing: its shard's first session a is taken alone when c changed.
    const cChanged = planAdoptions(previous, inputs([true, false, true, true, true, true], { 2: { convert: true, entry: 'e2b' } }), shards([2, 2, 1]));
    expect(cChanged.get(0)).toMatchObject({ rows: 1, fileRows: 2, firstInput: 0, lastInput: 0 });
  });

  it('takes the sessions of a shard after its last input converted again: a rebuild after the oldest sessions grew', () => {
    const six = inputs([true, true, true, true, true, true]);
    // a and b are converted again: of the first shard (a b c d), c and d are taken after them.
    const plan = planAdoptions(six, inputs([true, true, true, true, true, true], { 0: { convert: true, entry: 'e0b' }, 1: { convert: true, entry: 'e1b' } }), shards([4, 2]));
    expect([...plan.values()].map(({ from, rows, fileRows, firstInput, lastInput }) => ({ from, rows, fileRows, firstInput, lastInput }))).toEqual([
      { from: 2, rows: 2, fileRows: 4, firstInput: 2, lastInput: 3 },
      { from: 0, rows: 2, fileRows: 2, firstInput: 4, lastInput: 5 },
    ]);
    // b alone: a is taken from the start, c and d after b.
    const middle = planAdoptions(six, inputs([true, true, true, true, true, true], { 1: { convert: true, entry: 'e1b' } }), shards([4, 2]));
    expect([...middle.values()].map(({ from, rows, firstInput, lastInput }) => ({ from, rows, firstInput, lastInput }))).toEqual([
      { from: 0, rows: 1, firstInput: 0, lastInput: 0 },
      { from: 2, rows: 2, firstInput: 2, lastInput: 3 },
      { from: 0, rows: 2, firstInput: 4, lastInput: 5 },
    ]);
    // d, the shard's last, changed: nothing after it to take.
    const lastChanged = planAdoptions(six, inputs([true, true, true, true, true, true], { 0: { convert: true, entry: 'e0b' }, 3: { convert: true, entry: 'e3b' } }), shards([4, 2]));
    expect([...lastChanged.keys()]).toEqual([4]);
  });

  it('plans nothing when the state does not say which inputs placed a session, or does not add up to the manifest', () => {
    const unknown = previous.map(({ placed: _, ...input }) => input);
    expect(planAdoptions(unknown, inputs([true, false, true, true, true, true]), shards([2, 2, 1])).size).toBe(0);
    expect(planAdoptions(previous, inputs([true, false, true, true, true, true]), shards([2, 2, 2])).size).toBe(0);
  });
});
