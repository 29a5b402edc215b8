// Thread-events parity on migrated rollouts (issue 10, item 7): fixtures/oracle-migrated holds
// the oracle cases after `codex migrate-rollouts --apply` (codex 0.171.0) rewrote them into the
// paginated form, next to the same real `codex exec --json` output. Converting a migrated file
// must match that output exactly as well as converting the original does: cell by cell, the
// same matched events and the same differences (those the allow-list excuses for the original).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAllowlist } from '../../scripts/parity/allowlist.js';
import { describeDifference } from '../../scripts/parity/describe-difference.js';
import { listOracleCells } from '../../scripts/parity/oracle-corpus.js';
import { checkCell, type CellResult } from '../../scripts/parity/run-parity.js';

const ORIGINALS = fileURLToPath(new URL('../../fixtures/oracle', import.meta.url));
const MIGRATED = fileURLToPath(new URL('../../fixtures/oracle-migrated', import.meta.url));
const ALLOWLIST = readAllowlist(fileURLToPath(new URL('../../fixtures/oracle/parity-allowlist.json', import.meta.url)));

const migratedCells = listOracleCells(MIGRATED);
const originalCells = listOracleCells(ORIGINALS);

type Summary = { status: string; expected: number; equal: number; unexcused: string[]; errors: string[] };
const summarize = (result: CellResult): Summary =>
  result.status === 'no-oracle'
    ? { status: result.status, expected: 0, equal: 0, unexcused: [], errors: [] }
    : { status: result.status, expected: result.expected, equal: result.equal, unexcused: result.unexcused.map(describeDifference), errors: result.errors };

describe('thread-events parity on migrated rollouts', () => {
  const results = new Map<string, { migrated: Summary; original: Summary }>();

  beforeAll(async () => {
    for (const cell of migratedCells) {
      const original = originalCells.find((c) => c.label === cell.label && c.scenario === cell.scenario);
      if (!original) throw new Error(`no original for ${cell.label}/${cell.scenario}`);
      results.set(`${cell.label}/${cell.scenario}`, {
        migrated: summarize(await checkCell(cell, ALLOWLIST.entries)),
        original: summarize(await checkCell(original, ALLOWLIST.entries)),
      });
    }
  });

  it('covers the migrated labels 0.34.0 to 0.130.0, every scenario of the originals', () => {
    expect(new Set(migratedCells.map((cell) => cell.label))).toEqual(new Set(['0.34.0', '0.40.0', '0.47.0', '0.58.0', '0.66.0', '0.80.0', '0.100.0', '0.130.0']));
    expect(migratedCells.length).toBe(8 * 16);
  });

  it.each(migratedCells.map((cell) => `${cell.label}/${cell.scenario}`))('%s: the same parity as the original', (name) => {
    const result = results.get(name);
    expect(result).toBeDefined();
    if (!result) return;
    expect(result.migrated.errors).toEqual([]);
    expect(result.migrated).toEqual(result.original);
  });

  it('matches as many events as the originals over the whole migrated corpus', () => {
    const total = (pick: 'migrated' | 'original') => [...results.values()].reduce((sum, r) => sum + r[pick].equal, 0);
    expect(total('migrated')).toBe(total('original'));
    expect(total('migrated')).toBeGreaterThan(0);
  });
});
