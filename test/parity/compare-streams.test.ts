// The comparator on real exec --json streams of the oracle corpus: a stream equals itself, and
// every kind of damage is noticed (a text, a dropped or an extra event, an exit code, usage, a
// file change kind), while what exec itself varies (the order of a file change list, the
// duplicated web_search id) is not a difference.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareStreams, NoOracleError } from '../../scripts/parity/compare-streams.js';
import { labelEvent } from '../../scripts/parity/thread-event-stream.js';
import { CORPUS, copyStream, itemOf, readExec } from './oracle-streams.js';

const THREAD_EVENT_LABELS = ['0.47.0', '0.80.0', '0.130.0', '0.169.0', '0.169.0+gpt-5.5'];

const execStreams = THREAD_EVENT_LABELS.flatMap((label) =>
  readdirSync(`${CORPUS}/${label}`).flatMap((scenario) =>
    readdirSync(`${CORPUS}/${label}/${scenario}`)
      .filter((name) => /^exec(-\d+)?\.jsonl$/.test(name))
      .map((file) => ({ cell: `${label}/${scenario}`, file })),
  ),
);

describe('compareStreams', () => {
  it.each(execStreams)('$cell/$file equals itself', ({ cell, file }) => {
    const events = readExec(cell, file);
    const result = compareStreams(events, events);
    expect(result.expected.length).toBeGreaterThan(0);
    expect(result.equal).toBe(result.expected.length);
    expect(result.missing).toEqual([]);
    expect(result.extra).toEqual([]);
  });

  it('notices a changed command output, and still aligns the event', () => {
    const expected = readExec('0.130.0/shell-ok');
    const actual = copyStream(expected, (obj) => {
      if (obj.type === 'item.completed' && itemOf(obj).type === 'command_execution') itemOf(obj).aggregated_output += 'X';
      return obj;
    });
    const result = compareStreams(expected, actual);
    expect(result.equal).toBe(result.expected.length - 1);
    expect(result.aligned.length).toBe(result.expected.length);
    const differing = result.aligned.filter((pair) => Object.keys(pair.fields).length);
    expect(differing.map((pair) => Object.keys(pair.fields))).toEqual([['aggregated_output']]);
  });

  it('notices a dropped event as missing and an added one as extra', () => {
    const expected = readExec('0.169.0/multi-shell');
    const dropAt = expected.findIndex(({ obj }) => obj.type === 'item.completed' && itemOf(obj).type === 'command_execution');
    const dropped = compareStreams(expected, copyStream(expected, (obj, i) => (i === dropAt ? null : obj)));
    expect(dropped.missing.map((i) => labelEvent(dropped.expected[i]!))).toEqual(['item.completed(command_execution item_1)']);
    expect(dropped.equal).toBe(dropped.expected.length - 1);

    const added = copyStream(expected);
    added.push({ obj: { type: 'item.completed', item: { id: 'item_99', type: 'agent_message', text: 'extra' } }, raw: '' });
    const extra = compareStreams(expected, added);
    expect(extra.equal).toBe(extra.expected.length);
    expect(extra.extra.map((j) => labelEvent(extra.actual[j]!))).toEqual(['item.completed(agent_message item_99)']);
  });

  it('notices an exit code and a usage counter', () => {
    const expected = readExec('0.80.0/shell-fail');
    const actual = copyStream(expected, (obj) => {
      if (obj.type === 'item.completed' && itemOf(obj).type === 'command_execution') itemOf(obj).exit_code = 0;
      if (obj.type === 'turn.completed') (obj.usage as Record<string, number>).output_tokens! += 1;
      return obj;
    });
    const result = compareStreams(expected, actual);
    const fields = result.aligned.flatMap((pair) => Object.keys(pair.fields)).sort();
    expect(fields).toEqual(['exit_code', 'usage']);
  });

  it('compares usage only on the counters the real stream prints', () => {
    const expected = readExec('0.47.0/message');
    const actual = copyStream(expected, (obj) => {
      if (obj.type === 'turn.completed') (obj.usage as Record<string, number>).reasoning_output_tokens = 7;
      return obj;
    });
    expect(compareStreams(expected, actual).equal).toBe(expected.length);
  });

  it('compares file changes as a set of path -> kind', () => {
    const expected = readExec('0.130.0/apply-patch');
    const reversed = copyStream(expected, (obj) => {
      if (itemOf(obj)?.type === 'file_change') (itemOf(obj).changes as unknown[]).reverse();
      return obj;
    });
    expect(compareStreams(expected, reversed).equal).toBe(expected.length);
    const rekinded = copyStream(expected, (obj) => {
      if (obj.type === 'item.completed' && itemOf(obj).type === 'file_change') (itemOf(obj).changes as { kind: string }[])[0]!.kind = 'update';
      return obj;
    });
    const result = compareStreams(expected, rekinded);
    expect(result.aligned.flatMap((pair) => Object.keys(pair.fields))).toEqual(['changes']);
  });

  it('accepts either id of the 0.100 web_search item, which prints "id" twice', () => {
    const expected = readExec('0.100.0/web-search');
    expect(expected.some(({ raw }) => /"id":"item_1","type":"web_search","id":"ws_/.test(raw))).toBe(true);
    const byItemId = copyStream(expected, (obj) => {
      if (itemOf(obj)?.type === 'web_search') itemOf(obj).id = 'item_1';
      return obj;
    });
    const result = compareStreams(expected, byItemId);
    expect(result.equal).toBe(result.expected.length);
    expect(result.extra).toEqual([]);
  });

  it('refuses the {id, msg} streams of 0.40 and older: they have no oracle', () => {
    const legacy = readExec('0.40.0/shell-ok');
    expect(() => compareStreams(legacy, [])).toThrow(NoOracleError);
  });
});
