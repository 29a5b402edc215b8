/**
 * What a model tool call is, whatever the Codex version called it. Codex never
 * persisted its exec/patch/MCP events before 2026, so the replay recognises
 * them from the calls themselves (docs/format.md §9.1):
 * - shell family: `local_shell_call`, `shell` / `container.exec` (argv),
 *   `shell_command` (one string), `exec_command` (unified exec, `cmd`), with
 *   `write_stdin` feeding a still-running exec_command session;
 * - apply_patch: a freeform custom tool (0.47+), a JSON function, or a shell
 *   argv `["apply_patch", patch]` (0.40 and older), which Codex intercepted;
 * - MCP: `server__tool` (2025), `mcp__server__tool`, or a namespaced call;
 * - update_plan, and the model-side web_search_call.
 */
import { textNestsTooDeep } from '../rollout/json-depth.js';
import type { CustomToolCallItem, FunctionCallItem, LocalShellCallItem } from '../rollout/response-item.js';
import type { PlanStep } from './event-msg.js';

type ShellCall = {
  type: 'shell';
  /** The argv Codex ran (`shell_command`/`exec_command` strings run under the user's shell). */
  argv: string[];
  workdir: string | null;
};

export type ToolCallKind =
  | ShellCall
  | { type: 'write_stdin'; sessionId: number }
  | { type: 'apply_patch'; patch: string }
  | { type: 'mcp'; server: string; tool: string; arguments: unknown }
  | { type: 'plan'; explanation: string | null; plan: PlanStep[] }
  | { type: 'other' };

export type ToolCall = {
  callId: string | null;
  /** The tool name exactly as the model emitted it. */
  name: string;
  namespace: string | null;
  /** The arguments parsed when they are JSON, else the raw text: what the replay reads. */
  arguments: unknown;
  /**
   * The arguments as the record writes them: the exact text the model emitted (a function
   * call's `arguments`, a custom tool's `input`); a local shell call's structured `action`
   * as its JSON text; null for a function call whose file holds none (some 2026 files).
   */
  argumentsText: string | null;
  kind: ToolCallKind;
};

/** Names of the shell-family function tools across Codex versions. */
const SHELL_FUNCTIONS: ReadonlySet<string> = new Set(['shell', 'container.exec', 'shell_command', 'exec_command', 'unified_exec']);
const APPLY_PATCH_COMMANDS: ReadonlySet<string> = new Set(['apply_patch', 'applypatch']);
/** Function names that contain `__` but are not MCP tools. */
const MCP_PREFIX = 'mcp__';

type ShellContext = {
  /** The user's shell, from the environment context (`<shell>bash</shell>`); Codex runs string commands under it. */
  shell: string;
};

export function classifyFunctionCall(item: FunctionCallItem, context: ShellContext): ToolCall {
  const args = item.arguments === null ? null : parseArguments(item.arguments);
  const namespace = item.namespace ?? null;
  const base = { callId: item.call_id, name: item.name, namespace, arguments: args, argumentsText: item.arguments };
  return { ...base, kind: functionCallKind(item.name, namespace, args, context) };
}

export function classifyCustomToolCall(item: CustomToolCallItem): ToolCall {
  const kind: ToolCallKind = item.name === 'apply_patch' ? { type: 'apply_patch', patch: item.input } : { type: 'other' };
  return { callId: item.call_id, name: item.name, namespace: item.namespace ?? null, arguments: parseArguments(item.input), argumentsText: item.input, kind };
}

export function classifyLocalShellCall(item: LocalShellCallItem): ToolCall {
  const argv = item.action.command;
  const patch = patchFromArgv(argv);
  const kind: ToolCallKind = patch !== null ? { type: 'apply_patch', patch } : { type: 'shell', argv, workdir: item.action.working_directory ?? null };
  return { callId: item.call_id ?? item.id ?? null, name: 'local_shell', namespace: null, arguments: item.action, argumentsText: JSON.stringify(item.action), kind };
}

function functionCallKind(name: string, namespace: string | null, args: unknown, context: ShellContext): ToolCallKind {
  const object = isObject(args) ? args : {};
  if (SHELL_FUNCTIONS.has(name)) {
    const call = shellCallFromArguments(name, object, context);
    if (!call) return { type: 'other' };
    const patch = patchFromArgv(call.argv);
    return patch !== null ? { type: 'apply_patch', patch } : call;
  }
  if (name === 'write_stdin' && typeof object.session_id === 'number') return { type: 'write_stdin', sessionId: object.session_id };
  if (name === 'apply_patch' && typeof object.input === 'string') return { type: 'apply_patch', patch: object.input };
  if (name === 'update_plan' && Array.isArray(object.plan)) {
    return {
      type: 'plan',
      explanation: typeof object.explanation === 'string' ? object.explanation : null,
      plan: object.plan.filter(isObject).map((step) => ({ step: String(step.step ?? ''), status: planStatus(step.status) })),
    };
  }
  const mcp = mcpTarget(name, namespace);
  if (mcp) return { type: 'mcp', ...mcp, arguments: args === '' ? null : args };
  return { type: 'other' };
}

function shellCallFromArguments(name: string, args: Record<string, unknown>, context: ShellContext): ShellCall | null {
  const workdir = typeof args.workdir === 'string' ? args.workdir : null;
  if (name === 'shell' || name === 'container.exec') {
    return isStringArray(args.command) ? { type: 'shell', argv: args.command, workdir } : null;
  }
  if (name === 'unified_exec') {
    return isStringArray(args.input) ? { type: 'shell', argv: args.input, workdir } : null;
  }
  const script = name === 'shell_command' ? args.command : args.cmd;
  if (typeof script !== 'string') return null;
  const shell = typeof args.shell === 'string' ? args.shell : shellPath(context.shell);
  const login = args.login !== false;
  return { type: 'shell', argv: [shell, login ? '-lc' : '-c', script], workdir };
}

/** Codex reports string commands run under the user's shell by its absolute path. */
function shellPath(shell: string): string {
  return shell.startsWith('/') ? shell : `/bin/${shell}`;
}

/**
 * apply_patch sent through the shell: `["apply_patch", patch]`, or a shell script
 * `apply_patch <<'EOF'\n*** Begin Patch...EOF` (Codex intercepts both).
 */
export function patchFromArgv(argv: string[]): string | null {
  const [first, second, third] = argv;
  if (first !== undefined && APPLY_PATCH_COMMANDS.has(first) && typeof second === 'string') return second;
  if (third !== undefined && (second === '-lc' || second === '-c')) {
    const heredoc = /^\s*(?:apply_patch|applypatch)\s+<<\s*['"]?(\w+)['"]?\s*\n([\s\S]*?)\n\1\s*$/.exec(third);
    if (heredoc?.[2] !== undefined) return heredoc[2];
  }
  return null;
}

/** `mcp__server__tool`, a namespaced `mcp__server__` + `tool`, or the 2025 `server__tool`. */
function mcpTarget(name: string, namespace: string | null): { server: string; tool: string } | null {
  if (namespace && namespace.startsWith(MCP_PREFIX)) {
    const server = namespace.slice(MCP_PREFIX.length).replace(/__$/, '');
    if (server) return { server, tool: name };
  }
  const rest = name.startsWith(MCP_PREFIX) ? name.slice(MCP_PREFIX.length) : name;
  const split = rest.indexOf('__');
  if (split <= 0 || split + 2 >= rest.length) return null;
  return { server: rest.slice(0, split), tool: rest.slice(split + 2) };
}

function planStatus(value: unknown): PlanStep['status'] {
  return value === 'completed' || value === 'in_progress' ? value : 'pending';
}

/**
 * JSON arguments parsed; anything else (freeform input, broken JSON, JSON nested too deep
 * to serialize again, see json-depth.ts) kept as the raw text.
 */
export function parseArguments(text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed === '' || !'{["tfn-0123456789'.includes(trimmed[0] ?? '') || textNestsTooDeep(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((part) => typeof part === 'string');
}
