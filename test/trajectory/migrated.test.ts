/**
 * Migrated rollouts (issue 10, item 7): `codex migrate-rollouts --apply` (codex 0.171.0)
 * rewrote the oracle cases of 0.34.0 to 0.130.0 in place into the paginated form, keeping
 * their old cli_version (fixtures/oracle-migrated, next to the originals in fixtures/oracle).
 * Each migrated file must give the original's record, except for MIGRATION_DESTROYED, the
 * fields the rewrite itself changed. See docs/format.md, "Migrated rollouts".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import { convertToRecords } from './convert-records.js';

const MIGRATED = 'fixtures/oracle-migrated';
const ORIGINALS = 'fixtures/oracle';

/**
 * The record fields a migration changes, and why:
 * - `source_path`: the file lives elsewhere (here: another fixture tree; on a real machine the
 *   same path, but a different file);
 * - `raw_item_count`: the migration adds lines (synthesized `task_started` / `task_complete`)
 *   and removes others (`instructions`-only headers, duplicate events), so the count of raw
 *   lines differs;
 * - `turns[i].ended_at` of a turn without turn events (before 0.66 no file has them): the
 *   migration writes the next turn's context and user-message response items before that
 *   turn's synthesized boundary, so the turn's last line is a later one; it still ends before
 *   the next turn starts (checked below).
 */
const MIGRATION_DESTROYED = ['source_path', 'raw_item_count'] as const;

let migrated: TrajectoryRecord[];
let originals: TrajectoryRecord[];
beforeAll(async () => {
  ({ records: migrated } = await convertToRecords([MIGRATED]));
  ({ records: originals } = await convertToRecords([ORIGINALS]));
});

const caseOf = (record: TrajectoryRecord, root: string) => record.source_path.slice(root.length + 1).split('/').slice(0, 2).join('/');

function originalOf(record: TrajectoryRecord): TrajectoryRecord {
  const name = caseOf(record, MIGRATED);
  const original = originals.find((o) => o.session_id === record.session_id && caseOf(o, ORIGINALS) === name);
  if (!original) throw new Error(`no original for ${name} ${record.session_id}`);
  return original;
}

function comparable(record: TrajectoryRecord): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record, turns: record.turns.map((turn) => ({ ...turn, ended_at: null })) };
  for (const field of MIGRATION_DESTROYED) delete copy[field];
  return copy;
}

describe('migrated rollouts give the original record', () => {
  it('converts every migrated case (8 versions x 16 scenarios), one record per original record', () => {
    expect(migrated).toHaveLength(8 * 16);
    expect(new Set(migrated.map((record) => record.cli_version))).toEqual(new Set(['0.34.0', '0.40.0', '0.47.0', '0.58.0', '0.66.0', '0.80.0', '0.100.0', '0.130.0']));
  });

  it('every record equals the original apart from the fields the migration destroyed', () => {
    for (const record of migrated) expect(comparable(record), caseOf(record, MIGRATED)).toEqual(comparable(originalOf(record)));
  });

  it('turn end times: equal, or later but before the next turn started', () => {
    let moved = 0;
    for (const record of migrated) {
      const original = originalOf(record);
      record.turns.forEach((turn, index) => {
        const before = original.turns[index]?.ended_at ?? null;
        if (turn.ended_at === before) return;
        moved++;
        expect(before).not.toBeNull();
        expect(turn.ended_at !== null && before !== null && turn.ended_at > before).toBe(true);
        const next = record.turns[index + 1]?.started_at;
        expect(next !== undefined && next !== null && turn.ended_at !== null && turn.ended_at <= next).toBe(true);
      });
    }
    expect(moved).toBeLessThanOrEqual(1);
  });

  it('interrupted sessions stay interrupted: the synthesized task_complete is not a completion', () => {
    const interrupted = migrated.filter((record) => caseOf(record, MIGRATED).endsWith('/interrupted'));
    expect(interrupted).toHaveLength(8);
    for (const record of interrupted) {
      expect(record.success, record.cli_version ?? '').toBe(false);
      expect(record.outcome).toBe(originalOf(record).outcome);
    }
  });

  it('0.80 keeps its system instructions (recovered from the AGENTS.md message the migration kept)', () => {
    const v080 = migrated.filter((record) => record.cli_version === '0.80.0');
    expect(v080).toHaveLength(16);
    for (const record of v080) {
      expect(record.system_instructions).not.toBeNull();
      expect(record.system_instructions).toBe(originalOf(record).system_instructions);
    }
  });

  it('resumed multi-turn sessions keep two turns, each step in its own turn', () => {
    for (const record of migrated.filter((r) => caseOf(r, MIGRATED).endsWith('/multi-turn'))) {
      expect(record.turns.map((turn) => turn.turn_id)).toEqual(originalOf(record).turns.map((turn) => turn.turn_id));
      expect(record.turn_count).toBe(2);
      const second = record.trajectory.find((step) => step.type === 'user_message' && step.content.startsWith('Second'));
      expect(second?.turn).toBe(1);
    }
  });
});
