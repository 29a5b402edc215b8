/**
 * The whole-tree guarantee (issue 11, item 6): converting a `~/.codex`-like tree made of the
 * oracle corpus, its session-graph cases (forks, sub-agents, async messages), the graph fixtures
 * (a Desktop fork that copies its parent's history, an imported session), a 0.29 resume chain
 * and copies of sessions in archived_sessions/ never yields the same step twice across records
 * (step identity: test/trajectory/step-identity.ts), and a fork's thread events start after
 * the history it copied.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { convertToRecords, REPO_ROOT } from '../trajectory/convert-records.js';
import { findRepeatedSteps } from '../trajectory/step-identity.js';

const DESKTOP_PARENT = 'rollout-2026-07-13T10-00-00-019e0a10-1111-7a00-8000-00000000a001.jsonl';
const DESKTOP_CHILD_ID = '019e0a10-2222-7b00-8000-00000000c002';
const MULTI_TURN = 'rollout-2026-11-21T06-24-13-01a1fcc6-dd90-7b31-a9ee-73000a6da431.jsonl';
const FORK_DIR = 'fixtures/oracle-extra/0.171.0/fork';

let work: string;
let tree: string;


beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'rk-whole-tree-'));
  tree = path.join(work, 'codex');
  for (const fixtures of ['oracle', 'oracle-extra', 'graph']) cpSync(path.join(REPO_ROOT, 'fixtures', fixtures), path.join(tree, 'sessions', fixtures), { recursive: true });
  mkdirSync(path.join(tree, 'archived_sessions'));
  // Archived copies: a whole session, the Desktop fork's parent, and a fork child archived before its last lines.
  cpSync(path.join(REPO_ROOT, 'fixtures/oracle/0.169.0/multi-turn', MULTI_TURN), path.join(tree, 'archived_sessions', MULTI_TURN));
  cpSync(path.join(REPO_ROOT, 'fixtures/graph/desktop-forked-subagent', DESKTOP_PARENT), path.join(tree, 'archived_sessions', DESKTOP_PARENT));
  const child = readdirSync(path.join(REPO_ROOT, FORK_DIR)).filter((name) => name.startsWith('rollout-')).sort().at(-1)!;
  const lines = readFileSync(path.join(REPO_ROOT, FORK_DIR, child), 'utf8').split('\n');
  writeFileSync(path.join(tree, 'archived_sessions', child), `${lines.slice(0, Math.ceil(lines.length / 2)).join('\n')}\n`);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the whole tree', () => {
  it('gives one record per session and never the same step twice', async () => {
    const { records, report } = await convertToRecords([tree]);
    expect(report.failedFiles).toEqual([]);
    expect(records.length).toBeGreaterThan(200);
    expect(new Set(records.map((record) => record.session_id)).size).toBe(records.length);
    // The three archived copies and the 0.29 resumed-from file, one file left out each.
    expect(report.duplicates.map((duplicate) => `${duplicate.reason} ${duplicate.skipped.length}`).sort()).toEqual(['resumed_copy 1', 'same_session 1', 'same_session 1', 'same_session 1']);
    expect(findRepeatedSteps(records)).toEqual([]);
  });

  it('the check can fail: the files left out, or a kept copied history, would repeat steps', async () => {
    const { records, report } = await convertToRecords([tree]);
    for (const { skipped } of report.duplicates) {
      const { records: alone } = await convertToRecords(skipped);
      expect(findRepeatedSteps([...records, ...alone]).length, skipped.join(', ')).toBeGreaterThan(0);
    }
    const kept = await convertToRecords([path.join(tree, 'sessions/graph/desktop-forked-subagent')], { keepCopied: true });
    const repeats = findRepeatedSteps(kept.records);
    expect(repeats.length).toBeGreaterThan(0);
    expect(repeats.every((repeat) => repeat.includes(DESKTOP_CHILD_ID))).toBe(true);
  });

  it("a fork's thread events start after the history it copied", async () => {
    const outDir = path.join(work, 'events');
    await convert({ inputs: [tree], format: 'thread-events', outDir });
    const items = (sessionId: string) =>
      readFileSync(path.join(outDir, `${sessionId}.jsonl`), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { type: string; item?: { type: string; id: string; [key: string]: unknown } })
        .filter((event) => event.type === 'item.completed')
        .map(({ item }) => JSON.stringify({ ...item, id: undefined }));
    const { records } = await convertToRecords([tree]);
    const forks = records.filter((record) => record.forked_from !== null);
    expect(forks.length).toBeGreaterThanOrEqual(3);
    for (const fork of forks) {
      const own = items(fork.session_id);
      expect(own.length, fork.session_id).toBeGreaterThan(0);
      const parent = new Set(items(fork.forked_from!.session_id));
      expect(own.filter((item) => parent.has(item)), fork.source_path).toEqual([]);
    }
  });
});
