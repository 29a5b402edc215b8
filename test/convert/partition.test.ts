/**
 * `--partition i/n` over the oracle corpus plus sessions that must travel together: a
 * fork and its parent, a sub-agent and the thread that spawned it, two copies of one
 * session. Every split must cover each input exactly once and keep those groups whole.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { partitionOf } from '../../src/convert/partition.js';
import { groupKeys, linksOfHeader } from '../../src/convert/session-groups.js';
import { describeInputPath } from '../../src/read/input-file.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';

const PARENT = '01a1fcc6-0000-7000-8000-00000000aaaa';
const FORK = '01a1fcc6-0000-7000-8000-00000000bbbb';
const SUBAGENT = '01a1fcc6-0000-7000-8000-00000000cccc';
const GRANDCHILD = '01a1fcc6-0000-7000-8000-00000000dddd';

let work: string;
let tree: string;

/** A copy of an oracle rollout whose header is changed by `edit` and named after `id`. */
function writeVariant(source: string, id: string, edit: (meta: Record<string, unknown>) => void, name = `rollout-2026-11-21T06-23-44-${id}.jsonl`): void {
  const lines = readFileSync(source, 'utf8').split('\n');
  const header = JSON.parse(lines[0]!) as { payload: Record<string, unknown> };
  header.payload.id = id;
  header.payload.session_id = id;
  edit(header.payload);
  lines[0] = JSON.stringify(header);
  writeFileSync(path.join(tree, 'related', name), lines.join('\n'));
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'rk-partition-'));
  tree = path.join(work, 'tree');
  cpSync(path.join(REPO_ROOT, 'fixtures/oracle'), path.join(tree, 'oracle'), { recursive: true });
  const base = path.join(REPO_ROOT, 'fixtures/oracle/0.169.0');
  const sample = readdirSync(base, { recursive: true, encoding: 'utf8' }).find((name) => /rollout-.*\.jsonl$/.test(name))!;
  const source = path.join(base, sample);
  mkdirSync(path.join(tree, 'related'));
  writeVariant(source, PARENT, () => undefined);
  writeVariant(source, PARENT, () => undefined, `rollout-2026-11-22T06-23-44-${PARENT}.jsonl`);
  writeVariant(source, FORK, (meta) => (meta.forked_from_id = PARENT));
  writeVariant(source, SUBAGENT, (meta) => (meta.source = { subagent: { thread_spawn: { parent_thread_id: FORK, depth: 1 } } }));
  writeVariant(source, GRANDCHILD, (meta) => (meta.source = { subagent: { thread_spawn: { parent_thread_id: SUBAGENT, depth: 2 } } }));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The session id of every record a run wrote, one per line of its JSONL shards. */
function sessionIdsIn(outDir: string): string[] {
  return readdirSync(outDir)
    .filter((name) => name.endsWith('.jsonl') && name !== 'issues.jsonl')
    .flatMap((name) => readFileSync(path.join(outDir, name), 'utf8').split('\n').filter(Boolean))
    .map((line) => (JSON.parse(line) as { session_id: string }).session_id);
}

describe('session groups', () => {
  it('reads the fork parent and the spawning thread from a header', () => {
    expect(linksOfHeader({ type: 'session_meta', payload: { id: 'b', forked_from_id: 'a' } })).toEqual({ id: 'b', parents: ['a'], forkedFrom: 'a' });
    expect(linksOfHeader({ type: 'session_meta', payload: { session_id: 'c', source: { subagent: { thread_spawn: { parent_thread_id: 'b' } } } } })).toEqual({ id: 'c', parents: ['b'], spawnedBy: 'b' });
    expect(linksOfHeader({ id: 'legacy', timestamp: '2025-05-01T00:00:00Z' })).toEqual({ id: 'legacy', parents: [], legacy: true });
    expect(linksOfHeader({ type: 'response_item', payload: { id: 'x' } })).toEqual({ id: null, parents: [] });
  });

  it('names a group by its smallest id whatever the order the files come in', () => {
    const files = ['p', 'q', 'r', 's', 't'].map((name) => describeInputPath(`${name}.jsonl`));
    const links = [
      { id: 'z', parents: ['m'] },
      { id: 'm', parents: [] },
      { id: 'k', parents: ['z'] },
      { id: 'lonely', parents: [] },
      { id: null, parents: [] },
    ];
    expect(groupKeys(files, links)).toEqual(['k', 'k', 'k', 'lonely', 'path:t.jsonl']);
    expect(groupKeys([...files].reverse(), [...links].reverse())).toEqual(['path:t.jsonl', 'lonely', 'k', 'k', 'k']);
  });

  it('spreads groups over the partitions', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[partitionOf(`session-${i}`, 3) - 1]!++;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});

describe('--partition', () => {
  let whole: string[];

  beforeAll(async () => {
    const report = await convert({ inputs: [tree], format: 'jsonl', outDir: path.join(work, 'whole') });
    whole = sessionIdsIn(path.join(work, 'whole')).sort();
    expect(report.inputs.files).toBeGreaterThan(100);
  });

  for (const count of [1, 2, 3, 7]) {
    it(`splits the tree into ${count} disjoint parts that cover it and keep related sessions together`, async () => {
      const parts: string[][] = [];
      let files = 0;
      const duplicates: string[] = [];
      for (let index = 1; index <= count; index++) {
        const outDir = path.join(work, `part-${count}-${index}`);
        const report = await convert({ inputs: [tree], format: 'jsonl', outDir, partition: { index, count } });
        files += report.inputs.files;
        duplicates.push(...report.duplicates.flatMap((duplicate) => duplicate.skipped));
        parts.push(sessionIdsIn(outDir));
      }
      expect(parts.flat().sort()).toEqual(whole);
      // Each duplicate is reported once, by the part that converts its session: the copy of PARENT and the 0.29 resumed-from file.
      expect(duplicates).toHaveLength(2);
      expect(files + duplicates.length).toBe(readdirSync(tree, { recursive: true, encoding: 'utf8' }).filter((name) => /rollout-.*\.jsonl$/.test(name)).length);
      const holding = (id: string) => parts.findIndex((ids) => ids.includes(id));
      const family = [PARENT, FORK, SUBAGENT, GRANDCHILD].map(holding);
      expect(new Set(family).size).toBe(1);
      // The two copies of PARENT give one record.
      expect(parts[family[0]!]!.filter((id) => id === PARENT)).toHaveLength(1);
      if (count > 1) expect(parts.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
    });
  }
});
