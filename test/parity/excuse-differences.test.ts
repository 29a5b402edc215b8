// The allow-list mechanics on real exec streams: each allowance excuses exactly the difference
// it names and nothing more, and an entry that excuses nothing is reported as stale.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowlistSchema, type AllowlistEntry } from '../../scripts/parity/allowlist.js';
import { compareStreams } from '../../scripts/parity/compare-streams.js';
import { excuseDifferences } from '../../scripts/parity/excuse-differences.js';
import { checkCell, findStaleAllowances, type ComparedCell } from '../../scripts/parity/run-parity.js';
import type { JsonObject } from '../../scripts/parity/thread-event-stream.js';
import { CORPUS, copyStream, itemOf, readExec } from './oracle-streams.js';

const entry = (events: AllowlistEntry['events'], cells: Partial<Pick<AllowlistEntry, 'labels' | 'scenarios'>> = {}): AllowlistEntry => ({
  id: 'under-test',
  labels: cells.labels ?? ['0.169.0'],
  scenarios: cells.scenarios ?? ['parallel-shell'],
  events,
  reason: 'a reason long enough to pass the schema of the allow-list',
});

const isCommand = (obj: JsonObject) => itemOf(obj)?.type === 'command_execution';

describe('excuseDifferences', () => {
  // 0.169 printed `echo one` as item_1 and `echo two` as item_2, each started then completed.
  const expected = readExec('0.169.0/parallel-shell');
  const commandAt = expected.flatMap(({ obj }, i) => (isCommand(obj) ? [i] : []));

  /** The same stream with the two commands' events swapped, as a concurrent run may print them. */
  const swapped = () => {
    const copy = copyStream(expected);
    const [a, b, c, d] = commandAt as [number, number, number, number];
    [copy[a], copy[b], copy[c], copy[d]] = [copy[c]!, copy[d]!, copy[a]!, copy[b]!];
    return copy;
  };

  it('excuses a reordering of equal events under `reordered`, and only that', () => {
    const comparison = compareStreams(expected, swapped());
    expect(comparison.equal).toBeLessThan(comparison.expected.length);
    const reordered = excuseDifferences(comparison, [entry([{ item_type: 'command_execution', allow: ['reordered'] }])]);
    expect(reordered.unexcused).toEqual([]);
    expect(new Set(reordered.excused.map(({ excuse }) => excuse.kinds.join()))).toEqual(new Set(['reordered']));

    const alsoChanged = swapped();
    const last = alsoChanged.filter(({ obj }) => isCommand(obj) && obj.type === 'item.completed').at(-1)!;
    itemOf(last.obj).aggregated_output = 'changed\n';
    const changed = excuseDifferences(compareStreams(expected, alsoChanged), [entry([{ item_type: 'command_execution', allow: ['reordered'] }])]);
    expect(changed.unexcused.length).toBeGreaterThan(0);
  });

  it('excuses a shifted item id under `renumbered` only when the events are otherwise equal', () => {
    // What a version that loses the web_search item prints: the final message moves to item_1.
    const webSearch = readExec('0.66.0/web-search');
    const renumber = (text?: string) =>
      copyStream(webSearch, (obj) => {
        if (itemOf(obj)?.type === 'web_search') return null;
        if (itemOf(obj)?.type === 'agent_message') {
          itemOf(obj).id = 'item_1';
          if (text) itemOf(obj).text = text;
        }
        return obj;
      });
    const patterns: AllowlistEntry['events'] = [
      { item_type: 'web_search', allow: ['missing'] },
      { item_type: 'agent_message', allow: ['renumbered'] },
    ];
    const ok = excuseDifferences(compareStreams(webSearch, renumber()), [entry(patterns)]);
    expect(ok.unexcused).toEqual([]);
    expect(ok.excused.map(({ difference, excuse }) => `${difference.kind}:${excuse.kinds.join()}`).sort()).toEqual([
      'extra:renumbered',
      'missing:missing',
      'missing:renumbered',
    ]);
    const changedText = excuseDifferences(compareStreams(webSearch, renumber('another text')), [entry(patterns)]);
    expect(changedText.unexcused.map((d) => d.kind).sort()).toEqual(['extra', 'missing']);
  });

  it('excuses a differing field only when every differing field is allowed, on events the pattern matches', () => {
    const mcp = readExec('0.130.0/mcp');
    const actual = copyStream(mcp, (obj) => {
      if (obj.type === 'item.completed' && itemOf(obj).type === 'mcp_tool_call') itemOf(obj).status = 'completed';
      return obj;
    });
    const comparison = compareStreams(mcp, actual);
    const failOnly = { type: 'item.completed', item_type: 'mcp_tool_call', match: { tool: '^fail$' } } as const;
    const excused = excuseDifferences(comparison, [entry([{ ...failOnly, allow: ['status'] }])]);
    expect(excused.excused.length).toBe(1);
    expect(excused.unexcused).toEqual([]);
    expect(excuseDifferences(comparison, [entry([{ ...failOnly, match: { tool: '^echo$' }, allow: ['status'] }])]).unexcused.length).toBe(1);
    expect(excuseDifferences(comparison, [entry([{ ...failOnly, allow: ['result'] }])]).unexcused.length).toBe(1);
    expect(excuseDifferences(comparison, [entry([{ ...failOnly, allow: ['missing'] }])]).unexcused.length).toBe(1);
  });
});

describe('findStaleAllowances', () => {
  const cellOf = (label: string, scenario: string) => ({ label, scenario, dir: path.join(CORPUS, label, scenario) });

  it('reports entries, cells and allowances that excuse nothing', async () => {
    const mcpEntry = entry([{ type: 'item.completed', item_type: 'mcp_tool_call', match: { tool: '^fail$' }, allow: ['status', 'missing'] }], {
      labels: ['0.100.0', '0.130.0', '0.20.0'],
      scenarios: ['mcp'],
    });
    const cells = [await checkCell(cellOf('0.100.0', 'mcp'), [mcpEntry]), await checkCell(cellOf('0.130.0', 'mcp'), [mcpEntry])] as ComparedCell[];
    const problems = findStaleAllowances(cells, [mcpEntry]).map((stale) => stale.problem);
    // 0.100 really prints status failed for the `fail` tool, which its rollout cannot support.
    expect(problems).toEqual([
      'excuses nothing in 0.130.0/mcp',
      'names 0.20.0/mcp, which is not an oracle cell',
      'events[0] allows "missing", which excuses nothing',
    ]);
  });
});

describe('allowlistSchema', () => {
  it('rejects an unknown allowance and a broken regular expression', () => {
    const base = { id: 'x', labels: ['0.47.0'], scenarios: ['mcp'], reason: 'a reason long enough to pass the schema of the allow-list' };
    expect(allowlistSchema.safeParse({ entries: [{ ...base, events: [{ allow: ['status'] }] }] }).success).toBe(true);
    expect(allowlistSchema.safeParse({ entries: [{ ...base, events: [{ allow: ['anything'] }] }] }).success).toBe(false);
    expect(allowlistSchema.safeParse({ entries: [{ ...base, events: [{ match: { tool: '(' }, allow: ['status'] }] }] }).success).toBe(false);
  });
});
