/**
 * Tool outputs as the model saw them, and what can be read out of them: the exit
 * code and the command's own output. Codex wrote several dialects over time
 * (docs/format.md §9.2, §9.3):
 * - JSON text `{"output": "...", "metadata": {"exit_code": N, "duration_seconds": F}}` (shell, <= 0.58);
 * - `Exit code: N\nWall time: ...\nOutput:\n<body>` (shell_command, 0.66+);
 * - `Chunk ID: ..\nWall time: ..\nProcess exited with code N\n...Output:\n<body>` (exec_command, 0.100+),
 *   or `Process running with session ID S` while the process keeps running;
 * - content-item arrays (`input_text`, `input_image`) from 2026.
 */
import type { ToolOutputWire } from '../rollout/response-item.js';

type ToolOutputContent = { text: string; images: string[] };
type ContentItem = Extract<ToolOutputWire, { type: string }>;

/** A lone content item (2026) rather than the `{content, success}` object of forks. */
function isContentItem(wire: Exclude<ToolOutputWire, string | unknown[]>): wire is ContentItem {
  return typeof (wire as { type?: unknown }).type === 'string';
}

export function readToolOutput(wire: ToolOutputWire): ToolOutputContent {
  if (typeof wire === 'string') return { text: wire, images: [] };
  const items = Array.isArray(wire) ? wire : isContentItem(wire) ? [wire] : typeof wire.content === 'string' ? [{ type: 'input_text', text: wire.content }] : wire.content;
  const texts: string[] = [];
  const images: string[] = [];
  for (const item of items) {
    if (item.type === 'input_image' && typeof item.image_url === 'string') images.push(item.image_url);
    else if (item.text !== undefined) texts.push(item.text);
  }
  return { text: texts.join('\n'), images };
}

type ExecOutput = {
  /** null when the output does not say (still running, rejected, or an unknown dialect). */
  exitCode: number | null;
  /** The command's own output, without Codex's header lines. */
  body: string;
  /** Unified exec: the process is still running under this session id. */
  runningSessionId: number | null;
};

const EXIT_CODE_LINE = /^Exit code: (-?\d+)$/m;
const PROCESS_EXITED = /Process exited with code (-?\d+)/;
const PROCESS_RUNNING = /Process running with session ID (\d+)/;
const OUTPUT_MARKER = '\nOutput:\n';
/** 0.47-0.58 prefix a truncated body with its full line count. */
const TOTAL_LINES_HEADER = /^Total output lines: \d+\n\n/;

export function parseExecOutput(text: string): ExecOutput {
  const structured = parseStructuredOutput(text);
  if (structured) return structured;
  const header = headerOf(text);
  const exited = PROCESS_EXITED.exec(header) ?? EXIT_CODE_LINE.exec(header);
  const running = exited ? null : PROCESS_RUNNING.exec(header);
  return {
    exitCode: exited ? Number(exited[1]) : null,
    body: bodyOf(text),
    runningSessionId: running ? Number(running[1]) : null,
  };
}

/** The `{output, metadata: {exit_code}}` JSON form. */
function parseStructuredOutput(text: string): ExecOutput | null {
  if (!text.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { output, metadata } = value as { output?: unknown; metadata?: { exit_code?: unknown } };
  if (typeof output !== 'string') return null;
  const exitCode = typeof metadata?.exit_code === 'number' ? metadata.exit_code : null;
  return { exitCode, body: output.replace(TOTAL_LINES_HEADER, ''), runningSessionId: null };
}

function headerOf(text: string): string {
  const at = text.indexOf(OUTPUT_MARKER);
  return at === -1 ? text.slice(0, 512) : text.slice(0, at);
}

function bodyOf(text: string): string {
  if (text.startsWith('Output:\n')) return text.slice('Output:\n'.length);
  const at = text.indexOf(OUTPUT_MARKER);
  return at === -1 ? text : text.slice(at + OUTPUT_MARKER.length);
}

/** The body of a structured `{output, metadata}` text, or the text itself. */
export function unwrapStructuredOutput(text: string): { body: string; exitCode: number | null } {
  const structured = parseStructuredOutput(text);
  return structured ? { body: structured.body, exitCode: structured.exitCode } : { body: text, exitCode: null };
}
