/**
 * `inspect --steps`: the trajectory as a transcript a person reads, turn by turn. Long text
 * (tool outputs, reasoning, injected context) is folded to its first lines, with what was
 * left out counted; nothing is dropped silently.
 */
import type { TrajectoryStep } from '../trajectory/rl-schema.js';
import type { SessionView } from './render-session.js';
import { painter, type TableStyle } from './text-table.js';
import { formatBytes } from './byte-units.js';
import { qualifiedToolName } from '../stats/dataset-stats.js';
import { visibleText } from './visible-text.js';

/** Lines of a message kept whole; longer ones fold to FOLDED_LINES. */
const MAX_LINES = 12;
const FOLDED_LINES = 6;
/** Characters of one line shown. */
const MAX_LINE = 200;

export function renderTranscript(view: SessionView, style: TableStyle): string {
  const { bold, dim } = painter(style);
  const lines: string[] = [];
  let turn: number | undefined = -1;
  for (const step of view.steps) {
    if (step.turn !== turn) {
      turn = step.turn;
      const info = turn === undefined ? undefined : view.summary.turns.find((candidate) => candidate.index === turn);
      lines.push('', bold(`── turn ${turn ?? '?'}${info ? ` · ${info.outcome}` : ''}${step.rolled_back ? ' · rolled back' : ''} ──`));
    }
    lines.push(...renderStep(step, dim));
  }
  return lines.slice(1).join('\n');
}

function renderStep(step: TrajectoryStep, dim: (text: string) => string): string[] {
  switch (step.type) {
    case 'user_message':
      return block('user', step.content);
    case 'assistant_message':
      return block(step.delivery === 'async' ? 'assistant (async)' : 'assistant', step.content);
    case 'reasoning':
      return block('reasoning', step.content).map(dim);
    case 'context':
      return [dim(visibleText(`[${step.role} context: ${step.kind}, ${describeSize(step.content)}]`))];
    case 'tool_call':
      return block(`call ${qualifiedToolName(step.name, step.namespace)}${step.call_id ? ` (${step.call_id})` : ''}`, step.arguments ?? '');
    case 'shell_command':
      return block(`$ ${step.command.map(quoteArgument).join(' ')}${step.call_id ? `  (${step.call_id})` : ''}`, '');
    case 'tool_output':
      return block(`output ${step.call_id}${step.exit_code === null || step.exit_code === undefined ? '' : `, exit ${step.exit_code}`}`, step.output);
    case 'compaction':
      return block('compaction', step.summary ?? (step.encrypted ? '(encrypted summary)' : '')).map(dim);
    case 'inter_agent_message':
      return block(`message ${step.author ?? '?'} -> ${step.recipient ?? '?'}${step.encrypted ? ' (encrypted)' : ''}`, step.content);
  }
}

/** A labelled block: the label, then the text indented, folded when long. */
function block(label: string, text: string): string[] {
  if (text === '') return [visibleText(label)];
  const lines = text.replace(/\n$/, '').split('\n');
  const shown = lines.length > MAX_LINES ? lines.slice(0, FOLDED_LINES) : lines;
  const result = [`${visibleText(label)}:`, ...shown.map((line) => `  ${visibleText(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line)}`)];
  if (shown.length < lines.length) result.push(`  … ${lines.length - shown.length} more lines (${describeSize(lines.slice(shown.length).join('\n'))}) folded`);
  return result;
}

/** An argument as a shell would need it: bare when plain, else in single quotes. */
function quoteArgument(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", "'\\''")}'`;
}

function describeSize(text: string): string {
  return formatBytes(Buffer.byteLength(text, 'utf8'));
}
