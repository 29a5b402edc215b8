/** `stats` as text: a headline and one aligned table per distribution. */
import { compareCodeUnits } from '../bytes/code-unit-order.js';
import type { DatasetStats, TokenRow } from '../stats/dataset-stats.js';
import { formatCount, formatTokens, plural, renderTable, type Table, type TableStyle } from './text-table.js';

/** Rows shown of a long table (tool names); `--json` has them all. */
const MAX_ROWS = 15;

export function renderStats(stats: DatasetStats, style: TableStyle): string {
  const from = stats.source === 'rollouts' ? `${plural(stats.files, 'rollout file')}` : `${/^[aeiou]/.test(stats.source) ? 'an' : 'a'} ${stats.source} dataset (${plural(stats.files, 'record file')})`;
  const headline = `${plural(stats.sessions, 'session')}, ${plural(stats.turns, 'turn')}, ${plural(stats.steps, 'step')}, ${plural(stats.tool_calls, 'tool call')} from ${from}`;
  const tables: Table[] = [
    countTable('steps by type', 'type', stats.steps_by_type),
    countTable('tool calls by name', 'tool', stats.tool_calls_by_name),
    outcomeTable(stats),
    tokenTable('tokens by model', 'model', stats.tokens_by_model, 'size'),
    tokenTable('tokens by Codex version', 'version', stats.tokens_by_codex_version, 'size'),
    tokenTable('tokens by month', 'month', stats.tokens_by_month, 'name'),
    countTable('redactions by kind', 'kind', stats.redactions.by_kind),
    countTable('issues by code', 'code', stats.issues.by_code),
  ];
  const blocks = [[headline, `tokens: ${formatTokens(stats.tokens.total_tokens)} total (${formatTokens(stats.tokens.input_tokens)} input, ${formatTokens(stats.tokens.cached_input_tokens)} cached, ${formatTokens(stats.tokens.output_tokens)} output, ${formatTokens(stats.tokens.reasoning_output_tokens)} reasoning)`]];
  for (const table of tables) {
    if (table.rows.length > 0) blocks.push(renderTable(table, style));
    else blocks.push([`${table.title}: ${table.title.startsWith('redactions') && !stats.redactions.counted ? 'not counted (--no-redact)' : 'none'}`]);
  }
  return blocks.map((lines) => lines.join('\n')).join('\n\n');
}

/** Largest first, ties by name; the rows past MAX_ROWS are summed into the note. */
function countTable(title: string, label: string, counts: Record<string, number>): Table {
  const entries = Object.entries(counts).sort(([a, x], [b, y]) => y - x || compareCodeUnits(a, b));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const shown = entries.slice(0, MAX_ROWS);
  const rest = entries.slice(MAX_ROWS);
  const table: Table = {
    title,
    headers: [label, 'count'],
    rows: shown.map(([name, n]) => [name, formatCount(n)]),
    shares: shown.map(([, n]) => (total === 0 ? 0 : n / total)),
  };
  if (rest.length > 0) table.note = `${rest.length} more (${formatCount(rest.reduce((sum, [, n]) => sum + n, 0))}); --json lists them all`;
  return table;
}

function outcomeTable(stats: DatasetStats): Table {
  const names = [...new Set([...Object.keys(stats.sessions_by_outcome), ...Object.keys(stats.turns_by_outcome)])];
  const sessions = (name: string) => stats.sessions_by_outcome[name] ?? 0;
  names.sort((a, b) => sessions(b) - sessions(a) || compareCodeUnits(a, b));
  return {
    title: 'outcomes (share of sessions)',
    headers: ['outcome', 'sessions', 'turns'],
    rows: names.map((name) => [name, formatCount(sessions(name)), formatCount(stats.turns_by_outcome[name] ?? 0)]),
    shares: names.map((name) => (stats.sessions === 0 ? 0 : sessions(name) / stats.sessions)),
  };
}

/** Token sums by group: by total tokens (`size`) or by name (months, in time order). */
function tokenTable(title: string, label: string, groups: Record<string, TokenRow>, order: 'size' | 'name'): Table {
  const entries = Object.entries(groups).sort(([a, x], [b, y]) => (order === 'size' ? y.total_tokens - x.total_tokens || y.sessions - x.sessions : 0) || compareCodeUnits(a, b));
  const total = entries.reduce((sum, [, row]) => sum + row.total_tokens, 0);
  return {
    title: `${title} (share of total tokens)`,
    headers: [label, 'sessions', 'input', 'cached', 'output', 'total'],
    rows: entries.map(([name, row]) => [
      name,
      formatCount(row.sessions),
      formatTokens(row.input_tokens),
      formatTokens(row.cached_input_tokens),
      formatTokens(row.output_tokens),
      formatTokens(row.total_tokens),
    ]),
    shares: entries.map(([, row]) => (total === 0 ? 0 : row.total_tokens / total)),
  };
}
