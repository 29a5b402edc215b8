/**
 * G0 (TypeScript CLI, `rollout-*.json`): no real sample exists, so the document is built the
 * way the TS CLI wrote it (`JSON.stringify({session, items}, null, 2)`) around the real items
 * of a 0.8.0 rollout, whose ResponseItems have the same shapes.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import type { IssueCode } from '../../src/issues.js';
import type { RolloutRecord } from '../../src/rollout/records.js';
import { decodeTsCliDocument, isTsCliDocument } from '../../src/rollout/ts-cli-json.js';
import { decodeFile, decodeText, fixtureRollouts, labelRecord, readFixtureText } from './legacy-fixtures.js';

function buildDocument() {
  const [file] = fixtureRollouts('0.8.0', 'mcp');
  const [header, ...lines] = readFixtureText(file!)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const items = lines.filter((object) => object.record_type === undefined);
  return { file: file!, document: { session: { timestamp: header!.timestamp, id: header!.id, instructions: 'Be terse.' }, items } };
}

function decodeDocument(document: unknown) {
  const issues: Array<{ line: number | null; code: IssueCode }> = [];
  const records = decodeTsCliDocument(document, (line, code) => issues.push({ line, code }));
  return { records, issues };
}

describe('decodeTsCliDocument (G0)', () => {
  it('turns {session, items} into a session_meta and the same response items the JSONL decoder reads', async () => {
    const { file, document } = buildDocument();
    expect(isTsCliDocument(document)).toBe(true);
    const { records, issues } = decodeDocument(JSON.parse(JSON.stringify(document, null, 2)));
    expect(issues).toEqual([]);

    expect(records[0]).toEqual({
      kind: 'session_meta',
      at: { line: 1, timestamp: document.session.timestamp },
      meta: { ...document.session, cwd: null, cli_version: null },
    });
    const jsonl = await decodeFile(file);
    const itemsOf = (list: RolloutRecord[]) => list.flatMap((r) => (r.kind === 'response_item' ? [r.item] : []));
    expect(itemsOf(records)).toEqual(itemsOf(jsonl.records));
    expect(records.map(labelRecord)).toEqual(jsonl.records.map(labelRecord));
    for (const record of records.slice(1)) expect(record.at).toEqual({ line: 1, timestamp: null });
  });

  it('reports bad items and goes on; rejects what is not a session document', () => {
    const { document } = buildDocument();
    const damaged = { ...document, items: [{ type: 'message' }, ...document.items, { type: 'hologram' }] };
    const { records, issues } = decodeDocument(damaged);
    expect(issues).toEqual([
      { line: 1, code: 'invalid_shape' },
      { line: 1, code: 'unknown_type' },
    ]);
    expect(records).toHaveLength(1 + document.items.length);

    expect(isTsCliDocument({ items: [] })).toBe(false);
    expect(decodeDocument({ session: 'x', items: [] })).toEqual({ records: [], issues: [{ line: 1, code: 'unsupported_format' }] });
  });

  it('the line decoder reads a pretty-printed G0 file whole: no issue per line, the document records at the end', async () => {
    const { document } = buildDocument();
    const { records, issues, decoder } = await decodeText(`${JSON.stringify(document, null, 2)}\n`);
    expect(records).toEqual([]);
    expect(issues).toEqual([]);
    const finished = decoder.finish();
    expect(decoder.generation).toBe('legacy');
    expect(finished).toEqual(decodeDocument(document).records);
    expect(decoder.parsedCount).toBe(1 + document.items.length);
  });

  it('reports a whole-file document that is not valid JSON, or not a G0 session, once', async () => {
    const broken = await decodeText('{\n  "session": {\n');
    expect(broken.decoder.finish()).toEqual([]);
    expect(broken.issues.map(({ line, code }) => ({ line, code }))).toEqual([{ line: 1, code: 'invalid_json' }]);
    const other = await decodeText('{\n  "something": "else"\n}\n');
    expect(other.decoder.finish()).toEqual([]);
    expect(other.issues.map(({ line, code }) => ({ line, code }))).toEqual([{ line: 1, code: 'unsupported_format' }]);
  });
});

describe('a G0 file in a conversion run', () => {
  it('is found in a directory by its rollout-*.json name and converts to one record', async () => {
    const { document } = buildDocument();
    const dir = await mkdtemp(path.join(tmpdir(), 'rk-g0-'));
    try {
      const name = `rollout-2025-05-01T10-00-00-${document.session.id as string}.json`;
      await writeFile(path.join(dir, name), JSON.stringify(document, null, 2));
      const report = await convert({ inputs: [dir], format: 'jsonl', outDir: path.join(dir, 'out') });
      expect(report.issues.total).toBe(0);
      expect(report.sessions).toBe(1);
      const [line] = (await readFile(path.join(dir, 'out', 'trajectories.jsonl'), 'utf8')).split('\n');
      const record = JSON.parse(line!) as { session_id: string; system_instructions: string; raw_item_count: number; trajectory: unknown[] };
      expect(record.session_id).toBe(document.session.id);
      expect(record.system_instructions).toBe('Be terse.');
      expect(record.raw_item_count).toBe(1 + document.items.length);
      expect(record.trajectory.length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
