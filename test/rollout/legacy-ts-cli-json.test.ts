/**
 * G0 (TypeScript CLI, `rollout-*.json`): no real sample exists, so the document is built the
 * way the TS CLI wrote it (`JSON.stringify({session, items}, null, 2)`) around the real items
 * of a 0.8.0 rollout, whose ResponseItems have the same shapes.
 */
import { describe, expect, it } from 'vitest';
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

  it('the line decoder gives a pretty-printed G0 file one unsupported_format issue, not one per line', async () => {
    const { document } = buildDocument();
    const { records, issues, decoder } = await decodeText(`${JSON.stringify(document, null, 2)}\n`);
    expect(records).toEqual([]);
    expect(decoder.generation).toBeNull();
    expect(issues).toEqual([{ line: 1, code: 'unsupported_format', message: expect.stringContaining('pretty-printed JSON document') }]);
  });
});
