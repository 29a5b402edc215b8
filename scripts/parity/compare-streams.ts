/**
 * One parity comparison: the real `codex exec --json` stream of a session against ours
 * (ported from the oracle kit's `compare-exec.mjs`, see thread-event-stream.ts). An expected
 * event counts as reproduced when it is aligned with one of ours and every compared field is
 * equal; the parity of a stream is reproduced / expected.
 */
import { alignEvents } from './align-events.js';
import { diffFields, type FieldDiffs } from './event-fields.js';
import { detectStreamShape, hasOracle, normalizeStream, type ExecStreamShape, type RawEvent, type ThreadEventEntry } from './thread-event-stream.js';

export type AlignedEvents = { expectedIndex: number; actualIndex: number; fields: FieldDiffs };

export type StreamComparison = {
  shape: ExecStreamShape;
  expected: ThreadEventEntry[];
  actual: ThreadEventEntry[];
  /** Every aligned pair, equal or not, in stream order. */
  aligned: AlignedEvents[];
  /** Aligned pairs whose fields are all equal. */
  equal: number;
  /** Expected events with no counterpart in ours. */
  missing: number[];
  /** Our events with no counterpart in the real stream. */
  extra: number[];
};

export class NoOracleError extends Error {}

export function compareStreams(expectedRaw: RawEvent[], actualRaw: RawEvent[]): StreamComparison {
  const shape = detectStreamShape(expectedRaw);
  if (!hasOracle(shape)) throw new NoOracleError(`the expected stream is in the ${shape} shape, which has no thread events to compare`);
  const expected = normalizeStream(expectedRaw);
  const actual = normalizeStream(actualRaw);
  const diffs = new Map<string, FieldDiffs>();
  const diffPair = (i: number, j: number): FieldDiffs => {
    const key = `${i},${j}`;
    let diff = diffs.get(key);
    if (!diff) {
      diff = diffFields(expected[i] as ThreadEventEntry, actual[j] as ThreadEventEntry);
      diffs.set(key, diff);
    }
    return diff;
  };
  const pairs = alignEvents(expected, actual, (i, j) => Object.keys(diffPair(i, j)).length === 0);
  const aligned = pairs.map(([i, j]) => ({ expectedIndex: i, actualIndex: j, fields: diffPair(i, j) }));
  const alignedE = new Set(pairs.map(([i]) => i));
  const alignedA = new Set(pairs.map(([, j]) => j));
  return {
    shape,
    expected,
    actual,
    aligned,
    equal: aligned.filter((pair) => Object.keys(pair.fields).length === 0).length,
    missing: expected.map((_, i) => i).filter((i) => !alignedE.has(i)),
    extra: actual.map((_, j) => j).filter((j) => !alignedA.has(j)),
  };
}
