/**
 * A shell call that Codex intercepted as apply_patch (`["apply_patch", patch]` through the
 * shell tool up to 0.40, or an `apply_patch <<'EOF'` script) is still the shell call the
 * model emitted: its argv and workdir, so it stays a shell_command step.
 */
import type { ToolCall } from '../codex/tool-call.js';

/** The names apply_patch has as a tool of its own (freeform or JSON); any other name is a shell tool. */
const APPLY_PATCH_TOOLS: ReadonlySet<string> = new Set(['apply_patch', 'applypatch']);

/**
 * The shell call behind an apply_patch that came through a shell-family tool, else null.
 * `localShellArgv`: the argv of a local_shell_call; `userShell`: the shell the environment
 * context names (string commands run under it).
 */
export function interceptedShellCall(call: ToolCall, localShellArgv: string[] | undefined, userShell: string): { argv: string[]; workdir: string | null } | null {
  if (call.kind.type !== 'apply_patch' || APPLY_PATCH_TOOLS.has(call.name)) return null;
  const args = (typeof call.arguments === 'object' && call.arguments !== null ? call.arguments : {}) as Record<string, unknown>;
  const workdir = typeof args.workdir === 'string' ? args.workdir : typeof args.working_directory === 'string' ? args.working_directory : null;
  if (localShellArgv) return { argv: localShellArgv, workdir };
  const argv = args.command ?? args.input;
  if (Array.isArray(argv) && argv.every((part) => typeof part === 'string')) return { argv, workdir };
  // shell_command / exec_command scripts run under the user's shell, as classifyFunctionCall normalizes them.
  const script = typeof args.command === 'string' ? args.command : args.cmd;
  if (typeof script !== 'string') return null;
  const shell = typeof args.shell === 'string' ? args.shell : userShell.startsWith('/') ? userShell : `/bin/${userShell}`;
  return { argv: [shell, args.login === false ? '-c' : '-lc', script], workdir };
}
