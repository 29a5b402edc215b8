/**
 * `merge` of the parts of `convert --partition i/n` must give, byte for byte, the dataset
 * one run over every input writes: every format, n = 1, 2, 3 and 7, over the oracle
 * corpus plus damaged files (issues), two copies of one session (a `-2` file name) and a
 * missing input (a discovery issue, reported by part 1 only).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, type ConvertOptions } from '../../src/convert/convert.js';
import { merge } from '../../src/convert/merge.js';
import { OUTPUT_FORMAT_NAMES } from '../../src/formats/output-formats.js';
import type { OutputFormatName } from '../../src/schema/output-format-names.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';

let work: string;
let inputs: string[];

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'rk-merge-'));
  const tree = path.join(work, 'tree');
  cpSync(path.join(REPO_ROOT, 'fixtures/oracle'), path.join(tree, 'oracle'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'fixtures/broken'), path.join(tree, 'broken'), { recursive: true });
  const base = path.join(REPO_ROOT, 'fixtures/oracle/0.169.0');
  const sample = readdirSync(base, { recursive: true, encoding: 'utf8' }).find((name) => /rollout-.*\.jsonl$/.test(name))!;
  mkdirSync(path.join(tree, 'copies'));
  // The same session kept twice (archived, then found again): both copies go to one part.
  writeFileSync(path.join(tree, 'copies', `rollout-2026-11-22T06-23-44-copy.jsonl`), readFileSync(path.join(base, sample)));
  // Two sessions of user zoe's: one whose header's cwd is her home (which tells --anonymize her
  // name), one that only mentions it. In different parts, each must still replace it as one run does.
  const text = readFileSync(path.join(base, sample), 'utf8');
  const [header, ...body] = text.split('\n');
  const id = (n: number) => `01a1fcc6-0000-7000-8000-00000000f00${n}`;
  const withId = (line: string, n: number) => line.replace(/"id":"[^"]+"/, `"id":"${id(n)}"`);
  writeFileSync(path.join(tree, 'copies', `rollout-2026-11-23T06-23-44-${id(1)}.jsonl`), [withId(header!, 1).replaceAll('/home/user/', '/home/zoe/'), ...body].join('\n'));
  writeFileSync(path.join(tree, 'copies', `rollout-2026-11-24T06-23-44-${id(2)}.jsonl`), [withId(header!, 2), ...body.map((line) => line.replaceAll('/home/user/', '/home/zoe/'))].join('\n'));
  inputs = [tree, path.join(work, 'no-such-dir')];
});

afterAll(() => rmSync(work, { recursive: true, force: true }), 60_000);

/** Every file of a directory and its bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
  return new Map(names.map((name) => [name, readFileSync(path.join(dir, name))]));
}

/**
 * Options that shape the bytes: shards cut by bytes and rows, the Arrow file flavour, rolled-back
 * turns kept, a filter (its counts add up), anonymized paths (settled over every part's inputs),
 * instructions by reference (each part's instructions.jsonl, one text once).
 */
const OPTIONS: Partial<Record<OutputFormatName, Partial<ConvertOptions>>> = {
  jsonl: { shardBytes: 150_000, instructions: 'ref' },
  arrow: { shardRows: 40, arrowIpc: 'file', keepRolledBack: true },
  parquet: { anonymize: { homeDir: '/home/merge-tester', userName: 'merge-tester' } },
  json: { filters: { minTurns: 2 } },
};

describe.each(OUTPUT_FORMAT_NAMES)('merge --format %s', (format) => {
  const run = (outDir: string, partition?: { index: number; count: number }) =>
    convert({ inputs, format, outDir, ...OPTIONS[format], partition });
  let single: Map<string, Buffer>;

  beforeAll(async () => {
    await run(path.join(work, format, 'single'));
    single = readTree(path.join(work, format, 'single'));
  }, 60_000);

  it('the single run holds what merge must rebuild', () => {
    const names = [...single.keys()];
    const issues = single.get('issues.jsonl')!.toString('utf8');
    // A discovery issue first, then issues of damaged files.
    expect(issues.split('\n')[0]).toContain('no-such-dir');
    expect(issues.split('\n').length).toBeGreaterThan(5);
    // The copied session is converted once, and the manifest names the copy left out.
    expect(JSON.parse(single.get('manifest.json')!.toString('utf8'))).toHaveProperty('duplicates');
    if (format === 'jsonl') expect(names.filter((name) => name.startsWith('trajectories-')).length).toBeGreaterThan(2);
    if (format === 'jsonl') expect(single.get('instructions.jsonl')!.toString('utf8').split('\n').length).toBeGreaterThan(5);
    if (format === 'arrow') expect(names.filter((name) => name.startsWith('data-')).length).toBeGreaterThan(2);
  });

  it.each([1, 2, 3, 7])('n = %i gives the single run, byte for byte', async (count) => {
    const parts: string[] = [];
    for (let index = 1; index <= count; index += 1) {
      const dir = path.join(work, format, `${count}`, `part-${index}`);
      await run(dir, { index, count });
      parts.push(dir);
    }
    const out = path.join(work, format, `${count}`, 'merged');
    // Given in any order: merge sorts the parts by their index.
    const report = await merge([...parts].reverse(), out);
    const merged = readTree(out);
    expect([...merged.keys()]).toEqual([...single.keys()]);
    for (const [name, bytes] of single) expect(merged.get(name)?.equals(bytes), name).toBe(true);
    expect(report.parts).toBe(count);
    expect(report.issues).toBeGreaterThan(0);
  });
});

describe('parts that got no file', () => {
  it.each(['jsonl', 'arrow', 'parquet', 'json'] as const)('%s: 5 sessions over 7 parts merge into the single run', async (format) => {
    const dir = path.join(work, 'few', format);
    const samples = [path.join(REPO_ROOT, 'fixtures/samples')];
    await convert({ inputs: samples, format, outDir: path.join(dir, 'single') });
    const parts = [];
    for (let index = 1; index <= 7; index += 1) {
      parts.push(path.join(dir, `part-${index}`));
      await convert({ inputs: samples, format, outDir: parts.at(-1)!, partition: { index, count: 7 } });
    }
    const empty = parts.filter((part) => (JSON.parse(readFileSync(path.join(part, 'manifest.json'), 'utf8')) as { totals: { sessions: number } }).totals.sessions === 0);
    expect(empty.length).toBeGreaterThan(0);
    await merge(parts, path.join(dir, 'merged'));
    expect(readTree(path.join(dir, 'merged'))).toEqual(readTree(path.join(dir, 'single')));
  });
});

describe('Parquet shards of several row groups', () => {
  it('are read back one row group at a time and merge into the single run', async () => {
    // The oracle corpus three times, under other session ids: parts of more sessions than a row group (at most 256) holds.
    const dir = path.join(work, 'row-groups');
    const tree = path.join(dir, 'tree');
    cpSync(path.join(REPO_ROOT, 'fixtures/oracle'), path.join(tree, 'a'), { recursive: true });
    for (const prefix of ['ee', 'ef']) {
      for (const name of readdirSync(path.join(REPO_ROOT, 'fixtures/oracle'), { recursive: true, encoding: 'utf8' })) {
        const id = /([0-9a-f]{8})(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/.exec(name);
        if (!id) continue;
        const other = `${prefix}${id[1]!.slice(2)}${id[2]}`;
        const target = path.join(tree, prefix, name.replace(id[0], `${other}.jsonl`));
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, readFileSync(path.join(REPO_ROOT, 'fixtures/oracle', name), 'utf8').replaceAll(`${id[1]}${id[2]}`, other));
      }
    }
    const run = (outDir: string, partition?: { index: number; count: number }) => convert({ inputs: [tree], format: 'parquet', outDir, partition });
    const single = await run(path.join(dir, 'single'));
    expect(single.sessions).toBeGreaterThan(512);
    await run(path.join(dir, 'part-1'), { index: 1, count: 2 });
    await run(path.join(dir, 'part-2'), { index: 2, count: 2 });
    const parts = [path.join(dir, 'part-1'), path.join(dir, 'part-2')];
    const sessions = parts.map((part) => (JSON.parse(readFileSync(path.join(part, 'manifest.json'), 'utf8')) as { totals: { sessions: number } }).totals.sessions);
    expect(Math.max(...sessions)).toBeGreaterThan(256);
    await merge(parts, path.join(dir, 'merged'));
    expect(readTree(path.join(dir, 'merged'))).toEqual(readTree(path.join(dir, 'single')));
  }, 120_000);
});
