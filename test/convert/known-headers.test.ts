/**
 * The header facts an --incremental run keeps (known-headers.ts): the links of an input
 * unchanged since they were read are taken from them; any change the cheap check can see
 * (size, mtime, ctime), another tool version, or a header that could not be read means
 * the header is read again. And the pre-pass reads a header the same whatever the shape of
 * the file around it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownHeaders, type HeaderFacts } from '../../src/convert/known-headers.js';
import { readAllSessionLinks, readSessionLinks, type SessionLinks } from '../../src/convert/session-groups.js';
import { discoverInputs } from '../../src/read/discover.js';
import type { InputFile } from '../../src/read/input-file.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';

const SESSION = path.join(REPO_ROOT, 'fixtures/oracle/0.169.0/multi-turn/rollout-2026-11-21T06-24-13-01a1fcc6-dd90-7b31-a9ee-73000a6da431.jsonl');
const SESSION_ID = '01a1fcc6-dd90-7b31-a9ee-73000a6da431';
const OTHER_ID = '01a1fcc6-0000-7000-8000-00000000000a';

let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'rk-known-headers-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function discover(dir: string): Promise<InputFile[]> {
  return (await discoverInputs([dir])).files;
}

/** Facts that say something the file does not (another session id), with the file's own size and times unless overridden. */
function misleadingFacts(file: InputFile, override: Partial<HeaderFacts> = {}): HeaderFacts {
  const links: SessionLinks = { id: OTHER_ID, parents: [] };
  return { path: file.path, size: file.size, mtimeMs: file.mtimeMs!, ctimeMs: file.ctimeMs!, links, ...override };
}

describe('KnownHeaders', () => {
  it('gives the kept links of a file with the same size, mtime and ctime, and reads any other', async () => {
    const dir = path.join(work, 'kept');
    mkdirSync(dir);
    for (const name of ['a', 'b', 'c', 'd']) writeFileSync(path.join(dir, `rollout-${name}.jsonl`), readFileSync(SESSION));
    const files = await discover(dir);
    expect(files.every((file) => file.mtimeMs !== undefined && file.ctimeMs !== undefined)).toBe(true);
    const [a, b, c, d] = files as [InputFile, InputFile, InputFile, InputFile];
    const saved = [misleadingFacts(a), misleadingFacts(b, { size: b.size + 1 }), misleadingFacts(c, { mtimeMs: c.mtimeMs! - 1 }), misleadingFacts(d, { ctimeMs: d.ctimeMs! - 1 })];
    const known = new KnownHeaders('1.0.0', { tool: '1.0.0', files: saved });
    const links = await readAllSessionLinks(files, known);
    // The kept facts stand for the file unread; every change is read again.
    expect(links.map((l) => l.id)).toEqual([OTHER_ID, SESSION_ID, SESSION_ID, SESSION_ID]);
    expect(links[1]).toEqual(await readSessionLinks(b));
    expect(known.read).toBe(3);
    // The next run is given what was taken over and what was read now.
    expect(known.save().files.map((facts) => [path.basename(facts.path), facts.links.id])).toEqual([
      ['rollout-a.jsonl', OTHER_ID],
      ['rollout-b.jsonl', SESSION_ID],
      ['rollout-c.jsonl', SESSION_ID],
      ['rollout-d.jsonl', SESSION_ID],
    ]);
    expect(known.save().files[3]).toEqual({ path: d.path, size: d.size, mtimeMs: d.mtimeMs, ctimeMs: d.ctimeMs, links: links[3] });
  });

  it('does not use facts another tool version kept, and keeps none of a file it could not read or of a file gone', async () => {
    const dir = path.join(work, 'versions');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'rollout-a.jsonl'), readFileSync(SESSION));
    writeFileSync(path.join(dir, 'rollout-b.jsonl'), readFileSync(SESSION));
    const [a, b] = (await discover(dir)) as [InputFile, InputFile];
    const older = new KnownHeaders('2.0.0', { tool: '1.0.0', files: [misleadingFacts(a)] });
    expect((await readAllSessionLinks([a], older)).map((l) => l.id)).toEqual([SESSION_ID]);

    // b was removed after discovery: its header cannot be read, so nothing is kept of it.
    rmSync(b.absolutePath!);
    const known = new KnownHeaders('1.0.0', { tool: '1.0.0', files: [misleadingFacts(a), misleadingFacts({ ...b, path: 'gone/rollout-x.jsonl' })] });
    const links = await readAllSessionLinks([a, b], known);
    expect(links.map((l) => l.id)).toEqual([OTHER_ID, null]);
    expect(known.save().files.map((facts) => facts.path)).toEqual([a.path]);
    expect(known.read).toBe(0);
  });

  it('keeps nothing of an input whose times discovery did not give', async () => {
    const known = new KnownHeaders('1.0.0', undefined);
    const links = await readAllSessionLinks([{ path: SESSION, size: statSync(SESSION).size, compression: 'none' }], known);
    expect(links[0]!.id).toBe(SESSION_ID);
    expect(known.save().files).toEqual([]);
  });
});

describe('readSessionLinks', () => {
  it('reads the first non-blank line whatever surrounds it: a BOM, blank lines, a header longer than a read, bad lines after it, compression', async () => {
    const dir = path.join(work, 'shapes');
    mkdirSync(dir);
    const [header, ...rest] = readFileSync(SESSION, 'utf8').split('\n');
    const meta = JSON.parse(header!) as { payload: Record<string, unknown> };
    meta.payload.forked_from_id = OTHER_ID;
    meta.payload.base_instructions = { text: 'x'.repeat(200_000) };
    const longHeader = JSON.stringify(meta);
    const expected: SessionLinks = { id: SESSION_ID, parents: [OTHER_ID], forkedFrom: OTHER_ID, cwd: '/home/user/project' };
    const shapes: Record<string, Buffer> = {
      'rollout-bom.jsonl': Buffer.from(`\uFEFF\n  \n${longHeader}\n{not json\n${rest.join('\n')}`),
      // CRLF line ends, and bytes after the header that are not UTF-8.
      'rollout-crlf.jsonl': Buffer.concat([Buffer.from(`${longHeader}\r\n`), Buffer.from([0xff, 0xfe, 0x0a])]),
      'rollout-gz.jsonl.gz': gzipSync(`${longHeader}\n${rest.join('\n')}`),
    };
    for (const [name, bytes] of Object.entries(shapes)) writeFileSync(path.join(dir, name), bytes);
    for (const file of await discover(dir)) expect(await readSessionLinks(file), file.path).toEqual(expected);
  });

  it('falls back to the id in the file name for a header that is not JSON, an empty file, or a file it cannot read', async () => {
    const dir = path.join(work, 'no-header');
    mkdirSync(dir);
    writeFileSync(path.join(dir, `rollout-2026-11-21T06-24-13-${SESSION_ID}.jsonl`), '{"type":"session_meta",\n');
    const [file] = (await discover(dir)) as [InputFile];
    expect(await readSessionLinks(file)).toEqual({ id: SESSION_ID, parents: [] });
    writeFileSync(file.absolutePath!, '');
    expect(await readSessionLinks(file)).toEqual({ id: SESSION_ID, parents: [] });
    rmSync(file.absolutePath!);
    expect(await readSessionLinks(file)).toEqual({ id: SESSION_ID, parents: [] });
  });
});
