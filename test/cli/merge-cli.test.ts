/**
 * `rollout-kit merge` on the command line: the parts of a partitioned run merge into the
 * single run's dataset; parts that cannot (a part missing or given twice, parts of other
 * splits, options or versions, a directory that is no part, files edited after the run)
 * are refused with one line naming what is wrong, exit 2, and no merged dataset.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir } from '../read/temp-dir.js';
import { runCliCollecting } from './cli-io.js';

const SAMPLES = 'fixtures/samples';
let work: { path: string; remove: () => Promise<void> };
const at = (...names: string[]) => path.join(work.path, ...names);

async function convertPart(name: string, ...flags: string[]): Promise<string> {
  const out = at(name);
  const run = await runCliCollecting(['convert', SAMPLES, '--out', out, '--quiet', ...flags]);
  expect(run.stderr).toBe('');
  return out;
}

beforeAll(async () => {
  work = await createTempDir('cli-merge');
  await convertPart('single');
  await convertPart('p1of2', '--partition', '1/2');
  await convertPart('p2of2', '--partition', '2/2');
  await convertPart('p2of3', '--partition', '2/3');
  await convertPart('p2of2-rows', '--partition', '2/2', '--shard-rows', '3');
  await convertPart('p2of2-json', '--partition', '2/2', '--format', 'json');
});
afterAll(() => work.remove());

function files(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(path.join(dir, name), 'latin1')]));
}

it('merges the parts into the single run, and says what it wrote', async () => {
  const run = await runCliCollecting(['merge', at('p2of2'), at('p1of2'), '--out', at('merged')]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const manifest = JSON.parse(readFileSync(at('single', 'manifest.json'), 'utf8')) as { totals: { sessions: number }; inputs: { count: number } };
  expect(run.stdout).toMatch(new RegExp(`^merged 2 parts: ${manifest.totals.sessions} sessions from ${manifest.inputs.count} files \\(.*\\) to jsonl in ${at('merged')}/;`));
  expect(files(at('merged'))).toEqual(files(at('single')));
});

describe('refused merges', () => {
  const refusals: [string, () => string[], () => string][] = [
    ['a part missing', () => [at('p1of2')], () => 'missing part 2/2: merge needs every part of the split'],
    ['a part given twice', () => [at('p1of2'), at('p1of2'), at('p2of2')], () => `${at('p1of2')} and ${at('p1of2')} are both part 1/2`],
    ['parts of two splits', () => [at('p1of2'), at('p2of3')], () => `${at('p2of3')} and ${at('p1of2')} differ in number of parts (3 vs 2): merge parts of one split made with the same options`],
    ['different shard options', () => [at('p1of2'), at('p2of2-rows')], () => `${at('p2of2-rows')} and ${at('p1of2')} differ in options (--shard-size, --shard-rows, --keep-rolled-back) ({"shard_bytes":null,"shard_rows":3,"keep_rolled_back":false} vs {"shard_bytes":null,"shard_rows":null,"keep_rolled_back":false}): merge parts of one split made with the same options`],
    ['different formats', () => [at('p1of2'), at('p2of2-json')], () => `${at('p2of2-json')} and ${at('p1of2')} differ in format (json vs jsonl): merge parts of one split made with the same options`],
    ['a run that was not partitioned', () => [at('single')], () => `${at('single')} is not a part of a partitioned run (its manifest has no partition): convert each part with --partition i/n`],
    ['a directory that does not exist', () => [at('nowhere')], () => `${at('nowhere')}: no such directory`],
    ['a directory without a manifest', () => [SAMPLES], () => `${SAMPLES}: no manifest.json, so not the output of a rollout-kit run`],
    ['--out inside a part', () => [at('p1of2'), at('p2of2')], () => `--out ${at('p1of2', 'merged')} overlaps the part ${at('p1of2')}: write the merged dataset to a directory of its own`],
  ];
  it.each(refusals)('%s', async (what, parts, message) => {
    const out = what === '--out inside a part' ? at('p1of2', 'merged') : at('refused');
    const run = await runCliCollecting(['merge', ...parts(), '--out', out]);
    expect(run.stderr).toBe(`error: ${message()}\n`);
    expect(run.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('a part written by another version', async () => {
    const part = await convertPart('p1of2-old', '--partition', '1/2');
    const manifestPath = path.join(part, 'manifest.json');
    writeFileSync(manifestPath, readFileSync(manifestPath, 'utf8').replace(/"version": "[^"]+"/, '"version": "0.0.1"'));
    const run = await runCliCollecting(['merge', part, at('p2of2'), '--out', at('refused')]);
    expect(run.stderr).toMatch(new RegExp(`^error: ${part.replace(/[.\\]/g, '\\$&')} was written by rollout-kit 0\\.0\\.1 \\(schema [\\d.]+\\), this is [\\d.]+ \\(schema [\\d.]+\\): convert every part with the version that merges them\\n$`));
    expect(run.code).toBe(2);
  });

  it('a part whose records were edited after the run', async () => {
    const part = await convertPart('p1of2-cut', '--partition', '1/2');
    const records = path.join(part, 'trajectories.jsonl');
    writeFileSync(records, readFileSync(records, 'utf8').split('\n').slice(1).join('\n'));
    const run = await runCliCollecting(['merge', part, at('p2of2'), '--out', at('refused')]);
    const listed = (JSON.parse(readFileSync(path.join(part, 'manifest.json'), 'utf8')) as { totals: { sessions: number } }).totals.sessions;
    expect(run.stderr).toBe(`error: the record files of ${part} holds ${listed - 1} entries, its manifest.json lists ${listed}\n`);
    expect(run.code).toBe(2);
    // The merge stopped before switching: no dataset, only the empty directory opened for it.
    expect(existsSync(at('refused', 'manifest.json'))).toBe(false);
  });

  it('a part whose manifest lists a file outside its directory: nothing written there', async () => {
    // merge copied each json session file to <out>/<listed path>: "../x.json" wrote beside --out.
    const part = await convertPart('p1of2-json-escape', '--partition', '1/2', '--format', 'json');
    const manifestPath = path.join(part, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { path: string; kind: string }[] };
    const records = manifest.files.find((file) => file.kind === 'records')!;
    writeFileSync(at('escaped.json'), readFileSync(path.join(part, records.path)));
    records.path = '../escaped.json';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const out = at('refused-escape', 'merged');
    const run = await runCliCollecting(['merge', part, at('p2of2-json'), '--out', out]);
    expect(run.stderr).toBe(`error: ${manifestPath}: lists "../escaped.json", which is not a file in ${part}\n`);
    expect(run.code).toBe(2);
    expect(existsSync(at('refused-escape', 'escaped.json'))).toBe(false);
  });

  it.each(['parquet', 'arrow'])('a part whose %s shard was damaged after the run', async (format) => {
    // A cut Parquet shard failed inside parquet-wasm: "internal error (Parquet argument error: ...)".
    const parts = [await convertPart(`p1of2-${format}-cut`, '--partition', '1/2', '-f', format), await convertPart(`p2of2-${format}`, '--partition', '2/2', '-f', format)];
    const shard = readdirSync(parts[0]!).find((name) => name.startsWith('data-'))!;
    const bytes = readFileSync(path.join(parts[0]!, shard));
    writeFileSync(path.join(parts[0]!, shard), bytes.subarray(0, bytes.length >> 1));
    const out = at(`refused-${format}`);
    const run = await runCliCollecting(['merge', ...parts, '--out', out]);
    expect(run.stderr).toBe(`error: ${path.join(parts[0]!, shard)} does not match the sha256 its manifest.json lists\n`);
    expect(run.code).toBe(2);
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(false);
  });
});
