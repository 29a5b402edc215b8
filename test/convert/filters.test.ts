/**
 * Session filters on the oracle corpus: each filter's kept sessions and dropped count are
 * checked against the fields of the unfiltered records (outcome, started_at, model, cwd,
 * originator, turn_count, trajectory length), and `--agent` against a sub-agent session
 * made from an oracle rollout by giving its header Codex's sub-agent source.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { globPattern, type SessionFilters } from '../../src/filter/session-filter.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';

const ORACLE = path.join(REPO_ROOT, 'fixtures/oracle');

type Row = { session_id: string; outcome: string; started_at: string | null; model: string | null; cwd: string | null; originator: string | null; turn_count: number; trajectory: unknown[] };

let dir: string;
let all: Row[];
let run = 0;

async function convertWith(inputs: string[], filters: SessionFilters, jobs = 1) {
  const outDir = path.join(dir, `run-${run++}`);
  const report = await convert({ inputs, format: 'jsonl', outDir, jobs, filters });
  const rows = readFileSync(path.join(outDir, 'trajectories.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Row);
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { filters?: unknown; totals: { sessions: number } };
  return { report, rows, manifest };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-filters-'));
  all = (await convertWith([ORACLE], {})).rows;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ids = (rows: Row[]) => rows.map((row) => row.session_id);
const started = (row: Row) => (row.started_at === null ? Number.NaN : Date.parse(row.started_at));

describe('filters on the oracle corpus', () => {
  it('holds sessions of every outcome, several models and originators (the cases below mean something)', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(new Set(all.map((row) => row.outcome))).toEqual(new Set(['completed', 'failed', 'aborted', 'incomplete']));
    expect(new Set(all.map((row) => row.model)).size).toBeGreaterThan(3);
  });

  const middle = () => all.map(started).filter((t) => !Number.isNaN(t)).sort((a, b) => a - b)[Math.floor(all.length / 2)]!;
  const cases: [string, () => SessionFilters, string, (row: Row) => boolean][] = [
    ['--success-only', () => ({ outcomes: ['completed'] }), 'outcome', (row) => row.outcome === 'completed'],
    ['--outcome failed,aborted', () => ({ outcomes: ['failed', 'aborted'] }), 'outcome', (row) => row.outcome === 'failed' || row.outcome === 'aborted'],
    ['--since', () => ({ since: middle() }), 'since', (row) => started(row) >= middle()],
    ['--until', () => ({ until: middle() }), 'until', (row) => started(row) < middle()],
    ['--model gpt-5*codex*', () => ({ model: 'gpt-5*codex*' }), 'model', (row) => row.model !== null && globPattern('gpt-5*codex*').test(row.model)],
    ['--cwd /home/*', () => ({ cwd: '/home/*' }), 'cwd', (row) => row.cwd?.startsWith('/home/') === true],
    ['--originator codex_exec', () => ({ originator: 'codex_exec' }), 'originator', (row) => row.originator === 'codex_exec'],
    ['--min-turns 2', () => ({ minTurns: 2 }), 'min_turns', (row) => row.turn_count >= 2],
    ['--min-steps 12', () => ({ minSteps: 12 }), 'min_steps', (row) => row.trajectory.length >= 12],
  ];
  for (const [name, filters, filter, keeps] of cases) {
    it(`${name} keeps exactly the sessions whose records say so, and counts the others`, async () => {
      const expected = all.filter(keeps);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
      const { report, rows, manifest } = await convertWith([ORACLE], filters());
      expect(ids(rows)).toEqual(ids(expected));
      expect(report.sessions).toBe(expected.length);
      expect(report.filtered).toEqual({ total: all.length - expected.length, byFilter: { [filter]: all.length - expected.length } });
      expect(report.failedFiles).toEqual([]);
      expect(manifest.totals.sessions).toBe(expected.length);
      expect(manifest.filters).toMatchObject({ dropped: { [filter]: all.length - expected.length } });
    });
  }

  it('combined filters count each session once, under the first filter that dropped it; --jobs 2 writes the same', async () => {
    const filters: SessionFilters = { outcomes: ['completed'], minTurns: 2 };
    const one = await convertWith([ORACLE], filters, 1);
    const two = await convertWith([ORACLE], filters, 2);
    const byOutcome = all.filter((row) => row.outcome !== 'completed').length;
    const byTurns = all.filter((row) => row.outcome === 'completed' && row.turn_count < 2).length;
    expect(one.report.filtered).toEqual({ total: byOutcome + byTurns, byFilter: { outcome: byOutcome, min_turns: byTurns } });
    expect(ids(one.rows)).toEqual(ids(all.filter((row) => row.outcome === 'completed' && row.turn_count >= 2)));
    expect(two.report.filtered).toEqual(one.report.filtered);
    expect(ids(two.rows)).toEqual(ids(one.rows));
  });
});

describe('--agent', () => {
  let main: string;
  let sub: string;
  beforeAll(() => {
    const source = path.join(ORACLE, '0.130.0/shell-ok');
    const name = readdirSync(source).find((file) => file.startsWith('rollout-'))!;
    main = path.join(source, name);
    const lines = readFileSync(main, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!) as { type: string; payload: Record<string, unknown> };
    expect(header.type).toBe('session_meta');
    // Codex's SessionSource::SubAgent, as a sub-agent's rollout header records it.
    header.payload.source = { subagent: { thread_spawn: { parent_thread_id: 'a', depth: 1 } } };
    header.payload.id = '0199aaaa-0000-7000-8000-000000000001';
    sub = path.join(dir, 'rollout-2026-01-01T00-00-00-0199aaaa-0000-7000-8000-000000000001.jsonl');
    writeFileSync(sub, `${[JSON.stringify(header), ...lines.slice(1)].join('\n')}\n`);
  });

  it('main keeps the main session, subagent the sub-agent one', async () => {
    const mains = await convertWith([main, sub], { agent: 'main' });
    expect(ids(mains.rows)).toHaveLength(1);
    expect(ids(mains.rows)[0]).not.toBe('0199aaaa-0000-7000-8000-000000000001');
    expect(mains.report.filtered).toEqual({ total: 1, byFilter: { agent: 1 } });
    const subs = await convertWith([main, sub], { agent: 'subagent' });
    expect(ids(subs.rows)).toEqual(['0199aaaa-0000-7000-8000-000000000001']);
  });
});
