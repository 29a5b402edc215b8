// Parity with the real `codex exec --json` (issue 3, item 3): every oracle cell of
// fixtures/oracle and fixtures/oracle-extra (sub-agents with collab_tool_call items, forks,
// async messages: issue 11, item 7) is converted in process and compared with what the real binary printed.
// Every expected event must be matched and equal, except what the reviewed allow-list
// (fixtures/oracle/parity-allowlist.json) excuses; an entry that no longer excuses anything
// fails too, so the list only shrinks. docs/parity.md must be what `npm run parity` writes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAllowlist } from '../../scripts/parity/allowlist.js';
import { describeDifference } from '../../scripts/parity/describe-difference.js';
import { compareLabels, listOracleCells, type OracleCell } from '../../scripts/parity/oracle-corpus.js';
import { renderParityReport } from '../../scripts/parity/parity-report.js';
import { runParity, type CellResult, type ParityRun } from '../../scripts/parity/run-parity.js';

const CORPUS = [fileURLToPath(new URL('../../fixtures/oracle', import.meta.url)), fileURLToPath(new URL('../../fixtures/oracle-extra', import.meta.url))];
const ALLOWLIST = readAllowlist(fileURLToPath(new URL('../../fixtures/oracle/parity-allowlist.json', import.meta.url)));
const REPORT = fileURLToPath(new URL('../../docs/parity.md', import.meta.url));

/** The first version whose exec --json prints thread events. */
const FIRST_THREAD_EVENTS_VERSION = '0.47.0';

const cells = listOracleCells(CORPUS);

describe('parity with codex exec --json over fixtures/oracle', () => {
  let run: ParityRun;
  const resultFor = (cell: OracleCell): CellResult => {
    const result = run.cells.find((r) => r.cell.label === cell.label && r.cell.scenario === cell.scenario);
    if (!result) throw new Error(`no result for ${cell.label}/${cell.scenario}`);
    return result;
  };

  beforeAll(async () => {
    run = await runParity(CORPUS, ALLOWLIST);
  });

  it('covers every Codex setup of the corpus, and the session-graph scenarios', () => {
    expect(cells.length).toBeGreaterThanOrEqual(13 * 16 + 6);
    expect(new Set(cells.map((cell) => cell.label)).size).toBeGreaterThanOrEqual(14);
    for (const scenario of ['subagent', 'fork', 'async-user-msg']) {
      expect(cells.filter((cell) => cell.scenario === scenario).map((cell) => cell.label)).toEqual(['0.169.0', '0.171.0']);
    }
  });

  it('reproduces the collab_tool_call items of the sub-agent recordings', () => {
    for (const cell of cells.filter((c) => c.scenario === 'subagent')) {
      const result = resultFor(cell);
      if (result.status !== 'compared') throw new Error(`${cell.label}/subagent has no oracle`);
      // exec printed the wait call started and completed; both are aligned with ours, and every event is equal.
      const collab = result.groups.flatMap(({ comparison }) => comparison.aligned.filter((pair) => comparison.expected[pair.expectedIndex]?.itemType === 'collab_tool_call'));
      expect(collab).toHaveLength(2);
      expect(result.equal).toBe(result.expected);
      expect(readFileSync(`${cell.dir}/exec.jsonl`, 'utf8')).toContain('"type":"collab_tool_call"');
    }
  });

  it.each(cells.map((cell) => [`${cell.label}/${cell.scenario}`, cell] as const))('%s', (_name, cell) => {
    const result = resultFor(cell);
    if (result.status === 'no-oracle') {
      // Only the versions whose exec --json printed {id, msg} events have no oracle.
      expect(compareLabels(cell.label, FIRST_THREAD_EVENTS_VERSION)).toBeLessThan(0);
      return;
    }
    expect(result.expected).toBeGreaterThan(0);
    expect(result.errors).toEqual([]);
    expect(result.unexcused.map(describeDifference)).toEqual([]);
    expect(run.stale.filter((stale) => stale.problem.endsWith(` ${cell.label}/${cell.scenario}`))).toEqual([]);
  });

  it.each(ALLOWLIST.entries.map((entry) => entry.id))('allow-list entry %s is still needed everywhere it claims', (id) => {
    expect(run.stale.filter((stale) => stale.entryId === id).map((stale) => stale.problem)).toEqual([]);
  });

  it('reaches 100% on the events the rollouts support', () => {
    const { expected, equal, excusedExpected } = run.totals;
    expect(equal).toBe(expected - excusedExpected);
  });

  it('docs/parity.md is what `npm run parity` writes', () => {
    expect(readFileSync(REPORT, 'utf8')).toBe(renderParityReport(run, ALLOWLIST));
  });
});
