/**
 * Holding the differences of one comparison against the allow-list: each difference is
 * either excused by one (entry, pattern, kind) or left for the test to fail on.
 */
import type { AllowanceKind, AllowlistEntry, EventPattern } from './allowlist.js';
import type { StreamComparison } from './compare-streams.js';
import { diffFields, readField, type ComparedField, type FieldDiffs } from './event-fields.js';
import type { ThreadEventEntry } from './thread-event-stream.js';

export type Difference =
  | { kind: 'missing'; event: ThreadEventEntry; expectedIndex: number }
  | { kind: 'extra'; event: ThreadEventEntry; actualIndex: number }
  | { kind: 'fields'; event: ThreadEventEntry; actual: ThreadEventEntry; expectedIndex: number; actualIndex: number; fields: FieldDiffs };

/** `kinds`: one allowance, or for differing fields, one per field. */
export type Excuse = { entryId: string; patternIndex: number; kinds: AllowanceKind[] };

export type ExcusedDifference = { difference: Difference; excuse: Excuse };

export type ExcuseResult = { excused: ExcusedDifference[]; unexcused: Difference[] };

/** The differences of a comparison, in real-stream order (extras last). */
export function listDifferences(comparison: StreamComparison): Difference[] {
  const out: Difference[] = [];
  const byExpected = new Map(comparison.aligned.map((pair) => [pair.expectedIndex, pair]));
  comparison.expected.forEach((event, expectedIndex) => {
    const pair = byExpected.get(expectedIndex);
    if (!pair) out.push({ kind: 'missing', event, expectedIndex });
    else if (Object.keys(pair.fields).length) {
      const actual = comparison.actual[pair.actualIndex] as ThreadEventEntry;
      out.push({ kind: 'fields', event, actual, expectedIndex, actualIndex: pair.actualIndex, fields: pair.fields });
    }
  });
  for (const actualIndex of comparison.extra) out.push({ kind: 'extra', event: comparison.actual[actualIndex] as ThreadEventEntry, actualIndex });
  return out;
}

export function matchesPattern(event: ThreadEventEntry, pattern: EventPattern): boolean {
  if (pattern.type !== undefined && event.type !== pattern.type) return false;
  if (pattern.item_type !== undefined && event.itemType !== pattern.item_type) return false;
  for (const [field, source] of Object.entries(pattern.match ?? {})) {
    const value = readField(event, field as ComparedField);
    if (value === undefined || value === null) return false;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (!new RegExp(source, 'u').test(text)) return false;
  }
  return true;
}

const isEqualEvent = (e: ThreadEventEntry, a: ThreadEventEntry) =>
  e.type === a.type && e.itemType === a.itemType && Object.keys(diffFields(e, a)).length === 0;

/** Both sides have the pattern's events, equal one by one in the same order; ids aside. */
function isRenumbered(expected: ThreadEventEntry[], actual: ThreadEventEntry[]): boolean {
  return expected.length === actual.length && expected.every((event, i) => isEqualEvent(event, actual[i] as ThreadEventEntry));
}

/** Both sides have the pattern's events, each equal to one on the other side; ids and order aside. */
function isReordered(expected: ThreadEventEntry[], actual: ThreadEventEntry[]): boolean {
  if (expected.length !== actual.length) return false;
  const left = [...actual];
  for (const event of expected) {
    const i = left.findIndex((candidate) => isEqualEvent(event, candidate));
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

/** The strictest allowance(s) of `pattern` that cover `difference`, if any. */
function findAllowance(difference: Difference, pattern: EventPattern, comparison: StreamComparison): AllowanceKind[] | null {
  // A pattern is matched against the real event, or against ours for an extra one.
  if (!matchesPattern(difference.event, pattern)) return null;
  const allow = new Set(pattern.allow);
  if (allow.has('renumbered') || allow.has('reordered')) {
    const expected = comparison.expected.filter((event) => matchesPattern(event, pattern));
    const actual = comparison.actual.filter((event) => matchesPattern(event, pattern));
    if (allow.has('renumbered') && isRenumbered(expected, actual)) return ['renumbered'];
    if (allow.has('reordered') && isReordered(expected, actual)) return ['reordered'];
  }
  if (difference.kind === 'missing') return allow.has('missing') ? ['missing'] : null;
  if (difference.kind === 'extra') return allow.has('extra') ? ['extra'] : null;
  const fields = Object.keys(difference.fields) as ComparedField[];
  return fields.every((field) => allow.has(field)) ? fields : null;
}

/** `entries`: the allow-list entries that cover the cell this comparison belongs to. */
export function excuseDifferences(comparison: StreamComparison, entries: AllowlistEntry[]): ExcuseResult {
  const excused: ExcusedDifference[] = [];
  const unexcused: Difference[] = [];
  for (const difference of listDifferences(comparison)) {
    const excuse = findExcuse(difference, comparison, entries);
    if (excuse) excused.push({ difference, excuse });
    else unexcused.push(difference);
  }
  return { excused, unexcused };
}

function findExcuse(difference: Difference, comparison: StreamComparison, entries: AllowlistEntry[]): Excuse | null {
  for (const entry of entries) {
    for (const [patternIndex, pattern] of entry.events.entries()) {
      const kinds = findAllowance(difference, pattern, comparison);
      if (kinds) return { entryId: entry.id, patternIndex, kinds };
    }
  }
  return null;
}
