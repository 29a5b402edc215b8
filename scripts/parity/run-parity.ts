/**
 * The whole parity check: every oracle cell converted in process, compared with the real exec
 * output, its differences held against the allow-list; then the allow-list itself checked for
 * entries that no longer excuse anything (the list may only shrink).
 */
import path from 'node:path';
import { coversCell, type Allowlist, type AllowlistEntry } from './allowlist.js';
import { compareStreams, type StreamComparison } from './compare-streams.js';
import { convertRolloutToThreadEvents } from './convert-rollout.js';
import { excuseDifferences, type Difference, type ExcusedDifference } from './excuse-differences.js';
import { hasOracle, parseJsonl, type RawEvent } from './thread-event-stream.js';
import { listOracleCells, readExpectedStreams, type OracleCell } from './oracle-corpus.js';

export type GroupResult = {
  /** File name of the rollout, or null when exec output has no rollout to come from. */
  rollout: string | null;
  execFiles: string[];
  comparison: StreamComparison;
  error: string | null;
};

export type ComparedCell = {
  cell: OracleCell;
  status: 'compared';
  groups: GroupResult[];
  expected: number;
  /** Expected events aligned with an equal event of ours. */
  equal: number;
  /** Expected events the allow-list excuses (missing or with differing fields). */
  excusedExpected: number;
  excused: ExcusedDifference[];
  unexcused: Difference[];
  errors: string[];
};

export type CellResult = ComparedCell | { cell: OracleCell; status: 'no-oracle' };

export type StaleAllowance = { entryId: string; problem: string };

export type ParityTotals = { expected: number; equal: number; excusedExpected: number; unexcused: number };

export type ParityRun = { cells: CellResult[]; stale: StaleAllowance[]; totals: ParityTotals };

export async function runParity(corpus: string | readonly string[], allowlist: Allowlist): Promise<ParityRun> {
  const cells: CellResult[] = [];
  for (const cell of listOracleCells(corpus)) cells.push(await checkCell(cell, allowlist.entries));
  const compared = cells.filter((cell): cell is ComparedCell => cell.status === 'compared');
  const totals: ParityTotals = { expected: 0, equal: 0, excusedExpected: 0, unexcused: 0 };
  for (const cell of compared) {
    totals.expected += cell.expected;
    totals.equal += cell.equal;
    totals.excusedExpected += cell.excusedExpected;
    totals.unexcused += cell.unexcused.length;
  }
  return { cells, stale: findStaleAllowances(compared, allowlist.entries), totals };
}

export async function checkCell(cell: OracleCell, entries: AllowlistEntry[]): Promise<CellResult> {
  const expectedStreams = readExpectedStreams(cell.dir);
  if (!hasOracle(expectedStreams.shape)) return { cell, status: 'no-oracle' };
  const covering = entries.filter((entry) => coversCell(entry, cell.label, cell.scenario));
  const result: ComparedCell = { cell, status: 'compared', groups: [], expected: 0, equal: 0, excusedExpected: 0, excused: [], unexcused: [], errors: [] };
  for (const group of expectedStreams.groups) {
    if (!group.events.length) continue;
    let actual: RawEvent[] = [];
    let error: string | null = null;
    if (!group.rollout) error = 'no rollout file for this exec output';
    else {
      try {
        actual = parseJsonl(await convertRolloutToThreadEvents(group.rollout)).events;
      } catch (thrown) {
        error = `conversion failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
      }
    }
    const comparison = compareStreams(group.events, actual);
    const { excused, unexcused } = excuseDifferences(comparison, covering);
    result.groups.push({
      rollout: group.rollout && path.basename(group.rollout),
      execFiles: group.execFiles.map((file) => path.basename(file)),
      comparison,
      error,
    });
    result.expected += comparison.expected.length;
    result.equal += comparison.equal;
    result.excusedExpected += excused.filter(({ difference }) => difference.kind !== 'extra').length;
    result.excused.push(...excused);
    result.unexcused.push(...unexcused);
    if (error) result.errors.push(error);
  }
  return result;
}

/**
 * An allowance is stale when it names a cell that has no oracle, excuses nothing in a cell it
 * names, or has an allowed kind that excuses nothing anywhere: the parity improved, so the
 * allow-list must shrink with it.
 */
export function findStaleAllowances(cells: ComparedCell[], entries: AllowlistEntry[]): StaleAllowance[] {
  const stale: StaleAllowance[] = [];
  for (const entry of entries) {
    const used = new Set<string>();
    for (const label of entry.labels) {
      for (const scenario of entry.scenarios) {
        const cell = cells.find((c) => c.cell.label === label && c.cell.scenario === scenario);
        if (!cell) {
          stale.push({ entryId: entry.id, problem: `names ${label}/${scenario}, which is not an oracle cell` });
          continue;
        }
        const excuses = cell.excused.filter(({ excuse }) => excuse.entryId === entry.id).map(({ excuse }) => excuse);
        if (!excuses.length) stale.push({ entryId: entry.id, problem: `excuses nothing in ${label}/${scenario}` });
        for (const excuse of excuses) for (const kind of excuse.kinds) used.add(`${excuse.patternIndex}:${kind}`);
      }
    }
    entry.events.forEach((pattern, patternIndex) => {
      for (const kind of pattern.allow) {
        if (!used.has(`${patternIndex}:${kind}`)) stale.push({ entryId: entry.id, problem: `events[${patternIndex}] allows "${kind}", which excuses nothing` });
      }
    });
  }
  return stale;
}
