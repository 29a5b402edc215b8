/** `inspect`: one session on one screen. */
import type { InputIssue } from '../issues.js';
import type { SessionRelative } from '../stats/find-sessions.js';
import { qualifiedToolName } from '../stats/dataset-stats.js';
import type { InspectedSession } from '../stats/session-record.js';
import type { RecordTokenUsage, SessionSummary } from '../trajectory/rl-schema.js';
import { formatCount, formatTokens, painter, plural, renderTable, type TableStyle } from './text-table.js';
import { visibleText } from './visible-text.js';
import { compareCodeUnits } from '../bytes/code-unit-order.js';

export type SessionView = InspectedSession & { summary: SessionSummary; path: string; relatives: SessionRelative[] };

/** Issues listed; the others are counted. */
const MAX_ISSUES = 10;

export function renderSession(view: SessionView, style: TableStyle): string {
  const { summary } = view;
  const { bold } = painter(style);
  const fields: [string, string][] = [
    ['file', view.path],
    ['generation', describeGeneration(view)],
    ['Codex', `${summary.cli_version ?? 'unknown version'}${summary.originator ? `, ${summary.originator}` : ''}`],
    ['model', summary.model ?? 'not recorded'],
    ['cwd', summary.cwd ?? 'not recorded'],
    ['started', summary.started_at ?? 'not recorded'],
    ['agent', describeAgent(summary)],
  ];
  if (summary.parent_session_id) fields.push(['parent', summary.parent_session_id]);
  if (summary.forked_from) fields.push(['forked from', summary.forked_from.session_id]);
  const forks = view.relatives.filter((relative) => relative.relation === 'fork');
  const children = view.relatives.filter((relative) => relative.relation === 'child');
  fields.push(['forks', forks.length === 0 ? 'none found' : forks.map((fork) => fork.id).join(', ')]);
  fields.push(['children', children.length === 0 ? 'none found' : children.map((child) => child.id).join(', ')]);
  fields.push(['outcome', `${summary.outcome}${summary.error ? ` (${firstLine(summary.error)})` : ''}`]);
  fields.push(['size', `${plural(summary.turn_count, 'turn')}, ${plural(view.steps.length, 'step')}, ${describeUsage(summary.usage)}`]);
  if (summary.prompt !== null) fields.push(['prompt', clip(firstLine(summary.prompt), 100)]);
  const width = Math.max(...fields.map(([name]) => name.length));
  const blocks: string[][] = [[bold(`session ${summary.session_id}`), ...fields.map(([name, value]) => `  ${name.padEnd(width)}  ${visibleText(value)}`)]];

  blocks.push(
    summary.turns.length === 0
      ? ['turns: none']
      : renderTable(
          {
            title: 'turns',
            headers: ['#', 'outcome', 'started', 'duration', 'input', 'output', 'total'],
            rows: summary.turns.map((turn) => [
              `${turn.index}${turn.rolled_back ? ' (rolled back)' : ''}`,
              turn.outcome,
              turn.started_at ?? '-',
              describeDuration(turn.started_at, turn.ended_at),
              turn.usage ? formatTokens(turn.usage.input_tokens) : '-',
              turn.usage ? formatTokens(turn.usage.output_tokens) : '-',
              turn.usage ? formatTokens(turn.usage.total_tokens) : '-',
            ]),
          },
          style,
        ),
  );
  const errors = summary.turns.filter((turn) => turn.error !== null).map((turn) => `  turn ${turn.index}: ${clip(firstLine(turn.error!), 120)}`);
  if (errors.length > 0) blocks.push([bold('turn errors'), ...errors]);
  const tools = countTools(view);
  blocks.push(tools.length === 0 ? ['tools used: none'] : renderTable({ title: 'tools used', headers: ['tool', 'calls'], rows: tools.map(([name, n]) => [visibleText(name), formatCount(n)]) }, style));
  blocks.push(view.issues.length === 0 ? ['issues: none'] : [bold(`issues (${view.issues.length})`), ...view.issues.slice(0, MAX_ISSUES).map(describeIssue), ...(view.issues.length > MAX_ISSUES ? [`  ${view.issues.length - MAX_ISSUES} more`] : [])]);
  return blocks.map((lines) => lines.join('\n')).join('\n\n');
}

function describeGeneration(view: SessionView): string {
  if (view.path.endsWith('.json')) return 'TypeScript CLI (one JSON document)';
  return view.generation === 'legacy' ? 'legacy (0.8 - 0.29: bare header and items)' : 'wrapped (0.34+: {timestamp, type, payload} lines)';
}

function describeAgent(summary: SessionSummary): string {
  const agent = summary.agent;
  if (agent.role === 'main') return 'main';
  const parts = ['subagent'];
  if (agent.nickname) parts.push(`"${agent.nickname}"`);
  if (agent.path) parts.push(agent.path);
  if (agent.depth !== null && agent.depth !== undefined) parts.push(`depth ${agent.depth}`);
  return parts.join(' ');
}

function describeUsage(usage: RecordTokenUsage | null): string {
  if (usage === null) return 'no token usage recorded';
  return `${formatTokens(usage.total_tokens)} tokens (${formatTokens(usage.input_tokens)} input, ${formatTokens(usage.cached_input_tokens)} cached, ${formatTokens(usage.output_tokens)} output)`;
}

/** Rollout times are ISO 8601 UTC with milliseconds. */
function describeDuration(start: string | null, end: string | null): string {
  if (start === null || end === null) return '-';
  const ms = Date.parse(end) - Date.parse(start);
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? `${minutes} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Tool calls by name, most used first: `tool_call` names and each `shell_command`'s tool. */
export function countTools(view: SessionView): [string, number][] {
  const counts = new Map<string, number>();
  for (const step of view.steps) {
    if (step.type !== 'tool_call' && step.type !== 'shell_command') continue;
    const name = qualifiedToolName(step.name, step.type === 'tool_call' ? step.namespace : undefined);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || compareCodeUnits(a, b));
}

function describeIssue(issue: InputIssue): string {
  return `  ${issue.line === null ? '' : `line ${issue.line}: `}${issue.code}: ${visibleText(issue.message)}`;
}

export function firstLine(text: string): string {
  return visibleText(text.split('\n', 1)[0] ?? '');
}

export function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

