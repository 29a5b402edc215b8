/**
 * `--incremental` (issue 15): build, then change, add, remove and touch inputs, rebuild
 * incrementally, and the dataset must be byte for byte what a clean build of the same
 * inputs writes, in every format. Inputs: real oracle rollouts, damaged ones (issues,
 * files without a session) and compressed copies.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, CONVERT_FORMATS, ConvertOutputError, type ConvertOptions, type RunReport } from '../../src/convert/convert.js';
import { cacheDirFor } from '../../src/convert/conversion-cache.js';
import { shouldStartNewShard } from '../../src/write/shards.js';
import type { InputIssue } from '../../src/issues.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';
import { damageStepsFrames } from './damage-cache.js';

let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'rk-incremental-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GROWING = 'oracle/0.169.0/grows.jsonl';
const EDITED = 'oracle/0.47.0/edited.jsonl';
const TOUCHED = 'broken/rollout-unparseable-line.jsonl';
const REMOVED = 'broken/rollout-truncated-last-line.jsonl';
const ADDED = 'added/rollout-2026-11-22T06-23-44-01a1fcc6-0000-7000-8000-000000000003.jsonl';

function rolloutsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /rollout-.*\.jsonl$/.test(name))
    .map((name) => path.join(dir, name))
    .sort();
}

/** A real rollout made another session: its header names `id` (a copy would be a duplicate, converted once). */
function asSession(source: string, id: string): string {
  const lines = readFileSync(source, 'utf8').split('\n');
  const header = JSON.parse(lines[0]!) as { payload: Record<string, unknown> };
  header.payload.id = id;
  lines[0] = JSON.stringify(header);
  return lines.join('\n');
}

const GROWING_ID = '01a1fcc6-0000-7000-8000-000000000001';
const EDITED_ID = '01a1fcc6-0000-7000-8000-000000000002';

/** The input tree of the first build: oracle sessions (one cut short: still being written), damaged files, compressed copies. */
function writeInputs(root: string): void {
  cpSync(path.join(REPO_ROOT, 'fixtures/oracle/0.169.0'), path.join(root, 'oracle/0.169.0'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'fixtures/oracle/0.47.0'), path.join(root, 'oracle/0.47.0'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'fixtures/broken'), path.join(root, 'broken'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'fixtures/read/0.100.0-message'), path.join(root, 'compressed'), { recursive: true });
  const growing = asSession(rolloutsUnder(path.join(REPO_ROOT, 'fixtures/oracle/0.169.0'))[3]!, GROWING_ID).split('\n');
  writeFileSync(named(root, GROWING), growing.slice(0, 4).join('\n') + '\n');
  writeFileSync(named(root, EDITED), asSession(rolloutsUnder(path.join(REPO_ROOT, 'fixtures/oracle/0.47.0'))[0]!, EDITED_ID));
}

function named(root: string, relative: string): string {
  if (relative === GROWING) return path.join(root, relative.replace('grows', `rollout-2026-11-21T06-23-44-${GROWING_ID}`));
  if (relative === EDITED) return path.join(root, relative.replace('edited', `rollout-2026-11-21T06-23-44-${EDITED_ID}`));
  return path.join(root, relative);
}

/**
 * The session grows by the rest of its lines; a file keeps its size but one character of
 * a message changes (a new mtime); a file is rewritten with the same bytes (a new mtime);
 * one file is removed and one added.
 */
function changeInputs(root: string): void {
  writeFileSync(named(root, GROWING), asSession(rolloutsUnder(path.join(REPO_ROOT, 'fixtures/oracle/0.169.0'))[3]!, GROWING_ID));
  const edited = named(root, EDITED);
  const text = readFileSync(edited, 'utf8');
  const at = text.indexOf('"text":"') + 8;
  writeFileSync(edited, text.slice(0, at) + (text[at] === 'X' ? 'Y' : 'X') + text.slice(at + 1));
  utimesSync(edited, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
  const touched = named(root, TOUCHED);
  writeFileSync(touched, readFileSync(touched));
  utimesSync(touched, new Date('2030-01-02T00:00:00Z'), new Date('2030-01-02T00:00:00Z'));
  rmSync(named(root, REMOVED));
  mkdirSync(path.join(root, 'added'));
  writeFileSync(named(root, ADDED), asSession(rolloutsUnder(path.join(REPO_ROOT, 'fixtures/oracle/0.169.0'))[5]!, '01a1fcc6-0000-7000-8000-000000000003'));
}

/** Every file under `dir`, by relative path, with its bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(path.join(dir, name)).isFile());
  return new Map(names.sort().map((name) => [name, readFileSync(path.join(dir, name))]));
}

async function run(inputs: string, outDir: string, options: Partial<ConvertOptions>): Promise<{ report: RunReport; issues: InputIssue[] }> {
  const issues: InputIssue[] = [];
  const report = await convert({ inputs: [inputs], outDir, format: 'jsonl', ...options }, (issue) => issues.push(issue));
  return { report, issues };
}

function withoutRunFields(report: RunReport): RunReport {
  const { incremental: _, ...rest } = report;
  return rest;
}

describe.each(CONVERT_FORMATS)('--incremental --format %s', (format) => {
  it('rebuilds byte for byte what a clean build writes, converting only what changed', async () => {
    const root = path.join(work, format);
    const inputs = path.join(root, 'inputs');
    writeInputs(inputs);
    const incrementalOut = path.join(root, 'incremental');
    const first = await run(inputs, incrementalOut, { format, incremental: true });
    const total = first.report.inputs.files;
    expect(total).toBe(rolloutsUnder(inputs).length);
    expect(first.report.incremental).toEqual({ reused: 0, converted: total, dropped: 0, keptOutputs: 0 });
    const firstTree = readTree(incrementalOut);
    const firstInodes = new Map([...firstTree.keys()].map((name) => [name, statSync(path.join(incrementalOut, name)).ino]));

    changeInputs(inputs);
    const second = await run(inputs, incrementalOut, { format, incremental: true });
    // Grown, edited and added are converted; the touched file is reused after hashing.
    expect(second.report.incremental).toMatchObject({ reused: total - 3, converted: 3, dropped: 1 });
    // Record files that came out as they were are the previous build's files, linked into place.
    const recordFiles = second.report.outputs.filter((file) => file.kind === 'records').map((file) => file.path);
    const unchanged = recordFiles.filter((name) => firstTree.get(name)?.equals(readFileSync(path.join(incrementalOut, name))));
    expect(second.report.incremental?.keptOutputs).toBe(unchanged.length);
    for (const name of unchanged) expect(statSync(path.join(incrementalOut, name)).ino, name).toBe(firstInodes.get(name));
    if (['json', 'thread-events', 'atif'].includes(format)) expect(unchanged.length).toBeGreaterThan(10);

    const clean = await run(inputs, path.join(root, 'clean'), { format });
    expect(readTree(incrementalOut)).toEqual(readTree(path.join(root, 'clean')));
    expect(withoutRunFields(second.report)).toEqual(clean.report);
    expect(second.issues).toEqual(clean.issues);
    expect(clean.report.sessions).toBeGreaterThan(10);
    expect(clean.report.issues.total).toBeGreaterThan(5);
  });
});

describe.each([
  ['jsonl', 'inline'],
  ['messages', 'inline'],
  // Instructions by reference: a shard taken whole still gives its sessions' instructions to instructions.jsonl.
  ['jsonl', 'ref'],
] as const)('--incremental --format %s --instructions %s keeps the files that come out unchanged', (format, instructions) => {
  it('takes unchanged shards of the last dataset whole, without their sessions, and never a file touched since', async () => {
    const root = path.join(work, `kept-${format}-${instructions}`);
    const inputs = path.join(root, 'inputs');
    writeInputs(inputs);
    const out = path.join(root, 'out');
    const options = { format, incremental: true, shardRows: 4, instructions };
    const first = await run(inputs, out, options);
    const shards = first.report.outputs.filter((file) => file.kind === 'records').map((file) => file.path);
    expect(shards.length).toBeGreaterThan(5);
    const inode = (name: string) => statSync(path.join(out, name)).ino;
    const firstInodes = new Map(shards.map((name) => [name, inode(name)]));
    // The steps of the first session's cache entry are damaged: a shard taken whole never reads them.
    damageFirstStepsFrame(out);

    // One character of a message changes: only the shard holding that session changes.
    const edited = named(inputs, EDITED);
    const text = readFileSync(edited, 'utf8');
    const at = text.indexOf('"text":"') + 8;
    writeFileSync(edited, text.slice(0, at) + (text[at] === 'X' ? 'Y' : 'X') + text.slice(at + 1));
    // A shard someone touched is not trusted to hold what the manifest says: it is written again.
    const touched = shards[1]!;
    utimesSync(path.join(out, touched), new Date('2030-01-04T00:00:00Z'), new Date('2030-01-04T00:00:00Z'));
    const before = readTree(out);
    const second = await run(inputs, out, options);
    const changed = shards.filter((name) => !before.get(name)!.equals(readFileSync(path.join(out, name))));
    expect(changed).toHaveLength(1);
    expect(changed[0]).not.toBe(touched);
    expect(second.report.incremental).toEqual({ reused: first.report.inputs.files - 1, converted: 1, dropped: 0, keptOutputs: shards.length - 2 });
    const rewritten = shards.filter((name) => inode(name) !== firstInodes.get(name));
    expect(rewritten.sort()).toEqual([touched, changed[0]].sort());

    const clean = await run(inputs, path.join(root, 'clean'), { format, shardRows: 4, instructions });
    expect(readTree(out)).toEqual(readTree(path.join(root, 'clean')));
    expect(withoutRunFields(second.report)).toEqual(clean.report);
    expect(second.issues).toEqual(clean.issues);
  });
});

describe('--incremental with shards cut by size', () => {
  it('writes a taken shard on when the record after it now fits in it', async () => {
    const root = path.join(work, 'refilled');
    const inputs = path.join(root, 'inputs');
    writeInputs(inputs);
    const out = path.join(root, 'out');
    const options = { format: 'jsonl' as const, incremental: true, shardBytes: 120_000 };
    const first = await run(inputs, out, options);
    const shards = first.report.outputs.filter((file) => file.kind === 'records');
    expect(shards.length).toBeGreaterThan(5);
    const state = JSON.parse(readFileSync(path.join(cacheDirFor(out), 'state.json'), 'utf8')) as { inputs: { path: string; placed: boolean }[] };
    const placing = state.inputs.filter((input) => input.placed);
    // The first session after a shard shrinks to its header and first item: a short record
    // that now stays in that shard (shards.ts says so for its new length), which is otherwise
    // unchanged. The shard is the first where that holds.
    let roomy = -1;
    for (let k = 0, ordinal = 0; roomy < 0 && k + 1 < shards.length; k++) {
      ordinal += shards[k]!.rows!;
      const next = placing[ordinal]!.path;
      const text = readFileSync(next, 'utf8');
      writeFileSync(next, `${text.split('\n').slice(0, 2).join('\n')}\n`);
      const alone = await run(next, path.join(root, `probe-${k}`), { format: 'jsonl' });
      const recordBytes = alone.report.outputs.find((file) => file.kind === 'records')!.bytes;
      if (!shouldStartNewShard({ rows: shards[k]!.rows!, bytes: shards[k]!.bytes }, recordBytes, { maxBytes: options.shardBytes })) roomy = k;
      else writeFileSync(next, text);
    }
    expect(roomy).toBeGreaterThanOrEqual(0);
    const roomyShard = readFileSync(path.join(out, shards[roomy]!.path));

    await run(inputs, out, options);
    const clean = await run(inputs, path.join(root, 'clean'), { format: 'jsonl', shardBytes: 120_000 });
    expect(readTree(out)).toEqual(readTree(path.join(root, 'clean')));
    // That shard is the old one with the short record after it.
    const refilled = readFileSync(path.join(out, clean.report.outputs.filter((file) => file.kind === 'records')[roomy]!.path));
    expect(refilled.length).toBeGreaterThan(roomyShard.length);
    expect(refilled.subarray(0, roomyShard.length).equals(roomyShard)).toBe(true);
  });
});

describe('--incremental after the newest session grew (a nightly rebuild)', () => {
  it('takes the sessions before it in its shard from the last dataset, without replaying them', async () => {
    const root = path.join(work, 'nightly');
    const inputs = path.join(root, 'inputs');
    writeInputs(inputs);
    // Two shards, the second holding several sessions.
    const sessions = (await run(inputs, path.join(root, 'probe'), {})).report.sessions;
    const options = { format: 'jsonl' as const, shardRows: Math.ceil(sessions / 2) };
    const out = path.join(root, 'out');
    const first = await run(inputs, out, { ...options, incremental: true });
    const shards = first.report.outputs.filter((file) => file.kind === 'records');
    expect(shards.map((shard) => shard.rows)).toEqual([options.shardRows, sessions - options.shardRows]);
    expect(sessions - options.shardRows).toBeGreaterThan(2);

    // The last input that placed a session goes on by a line; every other entry's steps are damaged: none may be replayed.
    const state = JSON.parse(readFileSync(path.join(cacheDirFor(out), 'state.json'), 'utf8')) as { inputs: { path: string; entry: string; placed: boolean }[] };
    const newest = state.inputs.filter((input) => input.placed).at(-1)!;
    const lines = readFileSync(newest.path, 'utf8').trimEnd().split('\n');
    writeFileSync(newest.path, `${lines.join('\n')}\n${lines.at(-1)}\n`);
    damageStepsFrames(out, (entry) => entry !== newest.entry);
    const second = await run(inputs, out, { ...options, incremental: true });
    // The first shard is the old file; the second is written again, starting with its old records.
    expect(second.report.incremental).toEqual({ reused: first.report.inputs.files - 1, converted: 1, dropped: 0, keptOutputs: 1 });

    const clean = await run(inputs, path.join(root, 'clean'), options);
    expect(readTree(out)).toEqual(readTree(path.join(root, 'clean')));
    expect(withoutRunFields(second.report)).toEqual(clean.report);
    expect(second.issues).toEqual(clean.issues);
  });
});

/** Flips bytes in the body of the first steps frame of the first input's cache entry that has one (any frame before its end). */
function damageFirstStepsFrame(outDir: string): void {
  const state = JSON.parse(readFileSync(path.join(cacheDirFor(outDir), 'state.json'), 'utf8')) as { inputs: { entry: string; placed?: boolean }[] };
  for (const input of state.inputs) {
    const entryPath = path.join(cacheDirFor(outDir), 'entries', input.entry);
    const bytes = readFileSync(entryPath);
    // Frames are a 4-byte length and a body; the end frame's length ends the entry once more.
    const firstLength = bytes.readUInt32LE(0);
    if (4 + firstLength + 4 >= bytes.length) continue;
    bytes.fill(0xff, 4, 4 + Math.min(16, firstLength));
    writeFileSync(entryPath, bytes);
    return;
  }
  throw new Error('no cache entry holds steps');
}

describe('--incremental and what the inputs\' headers say', () => {
  it('reads again a header edited in place with the size and mtime kept (the ctime tells), and keeps every header it read', async () => {
    const root = path.join(work, 'headers');
    const inputs = path.join(root, 'inputs');
    writeInputs(inputs);
    const edited = named(inputs, EDITED);
    // A round mtime, so that setting it again gives exactly the same value.
    const mtime = new Date('2030-01-05T00:00:00Z');
    utimesSync(edited, mtime, mtime);
    const out = path.join(root, 'out');
    const first = await run(inputs, out, { incremental: true });
    expect(first.report.duplicates).toEqual([]);
    const state = () => JSON.parse(readFileSync(path.join(cacheDirFor(out), 'state.json'), 'utf8')) as { headers: { files: { path: string }[] } };
    expect(state().headers.files.map((facts) => facts.path).sort()).toEqual(rolloutsUnder(inputs));

    // The edited session now names the growing one's id: the two are one session, converted once.
    const text = readFileSync(edited, 'utf8');
    expect(GROWING_ID.length).toBe(EDITED_ID.length);
    writeFileSync(edited, text.replace(EDITED_ID, GROWING_ID));
    utimesSync(edited, mtime, mtime);
    expect(statSync(edited).size).toBe(Buffer.byteLength(text));
    expect(statSync(edited).mtimeMs).toBe(mtime.getTime());
    const second = await run(inputs, out, { incremental: true });
    expect(second.report.duplicates.map((d) => d.session_id)).toEqual([GROWING_ID]);
    const clean = await run(inputs, path.join(root, 'clean'), {});
    expect(readTree(out)).toEqual(readTree(path.join(root, 'clean')));
    expect(withoutRunFields(second.report)).toEqual(clean.report);

    // Nothing changed since: every header is known, the skipped duplicate's too.
    const third = await run(inputs, out, { incremental: true });
    expect(third.report.incremental).toMatchObject({ converted: 0, dropped: 0 });
    expect(withoutRunFields(third.report)).toEqual(clean.report);
    expect(state().headers.files).toHaveLength(rolloutsUnder(inputs).length);
  });
});

describe('--incremental with nothing to do', () => {
  it('keeps the dataset in place and reports it as it was', async () => {
    const root = path.join(work, 'unchanged');
    const inputs = path.join(root, 'inputs');
    writeInputs(inputs);
    const out = path.join(root, 'out');
    const first = await run(inputs, out, { format: 'parquet', incremental: true });
    const before = statSync(out).ino;
    const touched = named(inputs, TOUCHED);
    utimesSync(touched, new Date('2030-01-03T00:00:00Z'), new Date('2030-01-03T00:00:00Z'));

    const again = await run(inputs, out, { format: 'parquet', incremental: true });
    const total = first.report.inputs.files;
    expect(again.report.incremental).toEqual({ reused: total, converted: 0, dropped: 0, keptOutputs: readTree(out).size });
    expect(statSync(out).ino).toBe(before);
    expect(withoutRunFields(again.report)).toEqual(withoutRunFields(first.report));
    expect(again.issues).toEqual(first.issues);
    const clean = await run(inputs, path.join(root, 'clean'), { format: 'parquet' });
    expect(readTree(out)).toEqual(readTree(path.join(root, 'clean')));
    expect(again.issues).toEqual(clean.issues);
  });

  it('converts everything again when an option that changes the output changes', async () => {
    const root = path.join(work, 'options');
    const inputs = path.join(root, 'inputs');
    writeInputs(inputs);
    const out = path.join(root, 'out');
    const total = (await run(inputs, out, { incremental: true })).report.inputs.files;
    const unredacted = await run(inputs, out, { incremental: true, redact: false });
    expect(unredacted.report.incremental).toEqual({ reused: 0, converted: total, dropped: 0, keptOutputs: 0 });
    const sharded = await run(inputs, out, { incremental: true, redact: false, shardRows: 5 });
    expect(sharded.report.incremental).toEqual({ reused: 0, converted: total, dropped: 0, keptOutputs: 0 });
    await run(inputs, path.join(root, 'clean'), { redact: false, shardRows: 5 });
    expect(readTree(out)).toEqual(readTree(path.join(root, 'clean')));
    // Entries of the options no longer used are gone.
    expect(readdirSync(path.join(cacheDirFor(out), 'entries'))).toHaveLength(total);
  });

  it('converts again what the cache lost: an entry, or its whole state', async () => {
    const root = path.join(work, 'lost');
    const inputs = path.join(root, 'inputs');
    writeInputs(inputs);
    const out = path.join(root, 'out');
    const total = (await run(inputs, out, { format: 'jsonl', incremental: true })).report.inputs.files;
    const entries = path.join(cacheDirFor(out), 'entries');
    rmSync(path.join(entries, readdirSync(entries)[0]!));
    const oneLost = await run(inputs, out, { format: 'jsonl', incremental: true });
    // Converted again, the lost input gives the same bytes: the one shard is kept as it was.
    expect(oneLost.report.incremental).toEqual({ reused: total - 1, converted: 1, dropped: 0, keptOutputs: 1 });
    writeFileSync(path.join(cacheDirFor(out), 'state.json'), '{"version":1,');
    const stateLost = await run(inputs, out, { format: 'jsonl', incremental: true });
    expect(stateLost.report.incremental).toEqual({ reused: 0, converted: total, dropped: 0, keptOutputs: 0 });
    await run(inputs, path.join(root, 'clean'), { format: 'jsonl' });
    expect(readTree(out)).toEqual(readTree(path.join(root, 'clean')));
  });

  it('refuses in one line, leaving the dataset as it was, when a cache entry was damaged on disk', async () => {
    const inputs = path.join(work, 'damaged-entry-inputs');
    writeInputs(inputs);
    const out = path.join(work, 'damaged-entry-out');
    await run(inputs, out, { incremental: true });
    const before = readFileSync(path.join(out, 'manifest.json'));
    const entries = path.join(cacheDirFor(out), 'entries');
    for (const name of readdirSync(entries)) writeFileSync(path.join(entries, name), 'xx');
    mkdirSync(path.dirname(named(inputs, ADDED)), { recursive: true });
    writeFileSync(named(inputs, ADDED), asSession(rolloutsUnder(path.join(REPO_ROOT, 'fixtures/oracle/0.47.0'))[0]!, '01a1fcc6-0000-7000-8000-000000000009'));
    const error = await run(inputs, out, { incremental: true }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^the --incremental cache is damaged \(.+\); delete .+ and run again$/);
    expect(readFileSync(path.join(out, 'manifest.json'))).toEqual(before);
  });

  it('refuses --stdout', async () => {
    await expect(run(path.join(REPO_ROOT, 'fixtures/broken'), path.join(work, 'x'), { incremental: true, stdout: process.stderr })).rejects.toThrow(/--incremental .* --stdout/);
  });

  it('refuses --partition, whose part manifest a replay does not rebuild', async () => {
    const partition = { index: 1, count: 2 } as ConvertOptions['partition'];
    await expect(run(path.join(REPO_ROOT, 'fixtures/broken'), path.join(work, 'p'), { incremental: true, partition })).rejects.toThrow(/--incremental cannot be combined with --partition/);
    expect(existsSync(cacheDirFor(path.join(work, 'p')))).toBe(false);
  });

  it('leaves no cache behind when the output is refused, and says why in one line', async () => {
    // A directory that is not a dataset: a usage error.
    const notDataset = path.join(work, 'not-a-dataset');
    mkdirSync(notDataset);
    writeFileSync(path.join(notDataset, 'notes.txt'), 'mine\n');
    await expect(run(path.join(REPO_ROOT, 'fixtures/broken'), notDataset, { incremental: true })).rejects.toThrow(/not a rollout-kit dataset/);
    expect(existsSync(cacheDirFor(notDataset))).toBe(false);
    // An --out under a regular file: the cache cannot be made either; an output error, not a crash.
    const file = path.join(work, 'a-file');
    writeFileSync(file, 'x');
    const error = await run(path.join(REPO_ROOT, 'fixtures/broken'), path.join(file, 'out'), { incremental: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConvertOutputError);
    expect((error as Error).message).not.toContain('\n');
    // Under /proc a recursive mkdir of the cache looped forever on Node 20.
    if (process.platform === 'linux') {
      await expect(run(path.join(REPO_ROOT, 'fixtures/broken'), '/proc/rollout-kit-test/out', { incremental: true })).rejects.toThrow(/cannot create the output directory/);
    }
  });
});
