/**
 * Tool executions, rebuilt from the model's calls and their outputs (paired by
 * call_id), or taken from the end events / completed items that newer Codex
 * versions persist. Each call produces its exec events once: when a version
 * wrote both a call/output pair and an end event, the end event wins.
 *
 * Without events (`toolEvents: false`, for outputs that only need how turns ended),
 * only the turn state is kept: which calls are open, whether the model produced
 * output, which calls already finished. Calls are then not classified, outputs not
 * read and no event is built.
 */
import type { PersistedEvent, PersistedMcpResult, TurnItem } from '../rollout/persisted-event.js';
import type { ResponseItem } from '../rollout/response-item.js';
import { isWebSearchAction, type EventMsg } from '../codex/event-msg.js';
import { describeMcpError, mcpOutcomeFromOutput, mcpOutcomeFromResult } from './mcp-result.js';
import { isPatchRejected, isPatchSuccess, normalizeFileChanges, parsePatchChanges } from './patch-changes.js';
import {
  classifyCustomToolCall,
  classifyFunctionCall,
  classifyLocalShellCall,
  type ToolCall,
  type ToolCallKind,
} from '../codex/tool-call.js';
import { parseExecOutput, readToolOutput, unwrapStructuredOutput } from '../codex/tool-output.js';
import type { TurnState } from './turns.js';
import { readEnvironmentContext } from '../codex/user-input.js';

type PendingCall = { call: ToolCall; callId: string };
/** A unified-exec process still running after its exec_command returned. */
type RunningProcess = { callId: string; output: string };

/** Exit code reported for a command whose output does not say (rejected, failed to start). */
const UNKNOWN_EXIT_CODE = -1;

type CallReplayOptions = {
  /** Build the exec events (default true); false keeps only what decides turn outcomes. */
  toolEvents?: boolean;
};

export class CallReplay {
  cwd: string | null = null;
  turn: TurnState | null = null;
  /** The user's shell, from the environment context; string commands ran under it. */
  private shell = 'bash';
  private readonly pending = new Map<string, PendingCall>();
  private readonly running = new Map<number, RunningProcess>();
  /** Calls whose end (begin) was already replayed from an end event or completed item (the call). */
  private readonly finished = new Set<string>();
  private readonly begun = new Set<string>();
  /** Queries of searches replayed from web_search_end events, for calls that carry no id to pair with. */
  private readonly searchesFromEvents = new Set<string>();
  private readonly toolEvents: boolean;

  constructor(options: CallReplayOptions = {}) {
    this.toolEvents = options.toolEvents ?? true;
  }

  /** Environment context messages say which shell string commands run under. */
  observeContext(item: ResponseItem): void {
    if (item.type !== 'message') return;
    const shell = readEnvironmentContext(item)?.shell;
    if (shell) this.shell = shell;
  }

  /** `fromItemsOnly`: paginated 2026 files persist executions as completed items; calls only start them. */
  replayItem(item: ResponseItem, out: EventMsg[], turn: TurnState, options: { fromItemsOnly: boolean }): void {
    if (!this.toolEvents && this.trackItem(item, turn)) return;
    switch (item.type) {
      case 'function_call':
        return this.begin(classifyFunctionCall(item, { shell: this.shell }), out, turn, options.fromItemsOnly);
      case 'custom_tool_call':
        return this.begin(classifyCustomToolCall(item), out, turn, options.fromItemsOnly);
      case 'local_shell_call':
        return this.begin(classifyLocalShellCall(item), out, turn, options.fromItemsOnly);
      case 'function_call_output':
      case 'custom_tool_call_output':
        return this.end(item.call_id, readToolOutput(item.output).text, out, turn, options.fromItemsOnly);
      case 'web_search_call': {
        turn.hasOutput = true;
        turn.endsWithMessage = false;
        const action = item.action;
        const query = action?.query ?? action?.queries?.join(' ') ?? action?.url ?? '';
        if (options.fromItemsOnly || (item.id && this.finished.has(item.id))) return;
        // 0.130 persists both a web_search_end event and the (id-less) call: replay the search once.
        if (!item.id && this.searchesFromEvents.delete(query)) return;
        if (item.id) this.finished.add(item.id);
        this.emitWebSearch(item.id ?? `web_search_${this.finished.size}`, query, action, out);
        return;
      }
      default:
        return;
    }
  }

  /**
   * The turn state a call or an output changes, as begin/end change it, without the
   * events; false for items that take the ordinary path (web searches: cheap, and their
   * bookkeeping of finished calls matters to later end events).
   */
  private trackItem(item: ResponseItem, turn: TurnState): boolean {
    switch (item.type) {
      case 'function_call':
      case 'custom_tool_call':
      case 'local_shell_call': {
        turn.hasOutput = true;
        turn.endsWithMessage = false;
        // The call id classifyFunctionCall / classifyCustomToolCall / classifyLocalShellCall give.
        const callId = item.type === 'local_shell_call' ? (item.call_id ?? item.id ?? null) : item.call_id;
        if (callId !== null) turn.openCalls.add(callId);
        return true;
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
        turn.openCalls.delete(item.call_id);
        return true;
      default:
        return false;
    }
  }

  private begin(call: ToolCall, out: EventMsg[], turn: TurnState, fromItemsOnly: boolean): void {
    turn.hasOutput = true;
    turn.endsWithMessage = false;
    if (call.callId === null) return;
    turn.openCalls.add(call.callId);
    this.pending.set(call.callId, { call, callId: call.callId });
    if (fromItemsOnly) return;
    const kind = call.kind;
    if (kind.type === 'shell' || kind.type === 'mcp') this.begun.add(call.callId);
    if (kind.type === 'shell') out.push({ type: 'exec_command_begin', call_id: call.callId, command: kind.argv, cwd: kind.workdir ?? this.cwd ?? '' });
    else if (kind.type === 'mcp') {
      out.push({ type: 'mcp_tool_call_begin', call_id: call.callId, invocation: { server: kind.server, tool: kind.tool, arguments: kind.arguments } });
    }
  }

  private end(callId: string, text: string, out: EventMsg[], turn: TurnState, fromItemsOnly: boolean): void {
    turn.openCalls.delete(callId);
    const pending = this.pending.get(callId);
    this.pending.delete(callId);
    if (!pending || this.finished.has(callId)) return;
    const kind = pending.call.kind;
    if (kind.type === 'plan') {
      if (!/^unsupported call/.test(text)) out.push({ type: 'plan_update', explanation: kind.explanation, plan: kind.plan });
      return;
    }
    if (fromItemsOnly) return;
    this.replayOutput(callId, kind, text, out);
  }

  private replayOutput(callId: string, kind: ToolCallKind, text: string, out: EventMsg[]): void {
    switch (kind.type) {
      case 'shell': {
        const parsed = parseExecOutput(text);
        if (parsed.runningSessionId !== null) {
          this.running.set(parsed.runningSessionId, { callId, output: parsed.body });
          return;
        }
        return this.emitExecEnd(callId, parsed.exitCode, parsed.body, out);
      }
      case 'write_stdin': {
        const process = this.running.get(kind.sessionId);
        if (!process) return;
        const parsed = parseExecOutput(text);
        process.output += parsed.body;
        if (parsed.runningSessionId !== null) return;
        this.running.delete(kind.sessionId);
        return this.emitExecEnd(process.callId, parsed.exitCode, process.output, out);
      }
      case 'apply_patch': {
        if (isPatchRejected(text)) return;
        const { body, exitCode } = unwrapStructuredOutput(text);
        out.push({ type: 'patch_apply_begin', call_id: callId, changes: parsePatchChanges(kind.patch, this.cwd) });
        out.push({ type: 'patch_apply_end', call_id: callId, stdout: body, stderr: '', success: isPatchSuccess(body, exitCode) });
        return;
      }
      case 'mcp':
        out.push({ type: 'mcp_tool_call_end', call_id: callId, invocation: kind, result: mcpOutcomeFromOutput(text) });
        return;
      default:
        return;
    }
  }

  private emitExecEnd(callId: string, exitCode: number | null, output: string, out: EventMsg[]): void {
    out.push({ type: 'exec_command_end', call_id: callId, stdout: '', stderr: '', aggregated_output: output, exit_code: exitCode ?? UNKNOWN_EXIT_CODE });
  }

  private emitWebSearch(callId: string, query: string, action: unknown, out: EventMsg[]): void {
    if (!this.toolEvents) return;
    const known = isWebSearchAction(action) ? { action } : {};
    out.push({ type: 'web_search_begin', call_id: callId, query, ...known });
    out.push({ type: 'web_search_end', call_id: callId, query, ...known });
  }

  /** End events persisted by 2026 builds ("extended" history) carry the real result: prefer them. */
  replayEndEvent(event: PersistedEvent, out: EventMsg[], turn: TurnState): void {
    switch (event.type) {
      case 'exec_command_end': {
        if (this.finished.has(event.call_id)) return;
        if (!this.toolEvents) return this.markFinished(event.call_id, turn);
        const pending = this.pending.get(event.call_id);
        if (!pending && event.command) out.push({ type: 'exec_command_begin', call_id: event.call_id, command: event.command, cwd: this.cwd ?? '' });
        this.markFinished(event.call_id, turn);
        out.push({
          type: 'exec_command_end',
          call_id: event.call_id,
          stdout: '',
          stderr: '',
          aggregated_output: event.aggregated_output ?? '',
          exit_code: event.exit_code ?? UNKNOWN_EXIT_CODE,
          ...(event.status === 'declined' ? { status: 'declined' as const } : {}),
        });
        return;
      }
      case 'patch_apply_end': {
        if (this.finished.has(event.call_id)) return;
        if (!this.toolEvents) return this.markFinished(event.call_id, turn);
        const pending = this.pending.get(event.call_id);
        const patch = pending?.call.kind.type === 'apply_patch' ? pending.call.kind.patch : '';
        const changes = event.changes ? normalizeFileChanges(event.changes) : parsePatchChanges(patch, this.cwd);
        this.markFinished(event.call_id, turn);
        out.push({ type: 'patch_apply_begin', call_id: event.call_id, changes });
        out.push({ type: 'patch_apply_end', call_id: event.call_id, stdout: event.stdout ?? '', stderr: event.stderr ?? '', success: event.success });
        return;
      }
      case 'mcp_tool_call_end': {
        if (this.finished.has(event.call_id)) return;
        this.markFinished(event.call_id, turn);
        if (!this.toolEvents) return;
        // Code mode: an MCP call run inside `exec` has no call of its own to begin it.
        if (!this.pending.has(event.call_id)) out.push({ type: 'mcp_tool_call_begin', call_id: event.call_id, invocation: event.invocation });
        const result = 'Ok' in event.result ? { Ok: mcpOutcomeFromResult(event.result.Ok as PersistedMcpResult) } : { Err: String(event.result.Err) };
        out.push({ type: 'mcp_tool_call_end', call_id: event.call_id, invocation: event.invocation, result });
        return;
      }
      case 'web_search_end': {
        if (this.finished.has(event.call_id)) return;
        this.markFinished(event.call_id, turn);
        this.searchesFromEvents.add(event.query ?? '');
        this.emitWebSearch(event.call_id, event.query ?? '', event.action, out);
        return;
      }
      default:
        return;
    }
  }

  /** 2026 paginated history: one completed item per execution, with its real result. */
  replayCompletedItem(item: TurnItem, out: EventMsg[], turn: TurnState): void {
    const id = item.id ?? `item_${this.finished.size}`;
    if (this.finished.has(id)) return;
    this.markFinished(id, turn);
    turn.hasOutput = true;
    turn.endsWithMessage = false;
    if (!this.toolEvents) return;
    switch (item.type) {
      case 'CommandExecution': {
        const command = Array.isArray(item.command) ? item.command : [this.shell, '-lc', item.command ?? ''];
        if (!this.begun.has(id)) out.push({ type: 'exec_command_begin', call_id: id, command, cwd: this.cwd ?? '' });
        const status = item.status === 'declined' ? { status: 'declined' as const } : {};
        out.push({ type: 'exec_command_end', call_id: id, stdout: '', stderr: '', aggregated_output: item.aggregated_output ?? '', exit_code: item.exit_code ?? UNKNOWN_EXIT_CODE, ...status });
        return;
      }
      case 'FileChange':
        out.push({ type: 'patch_apply_begin', call_id: id, changes: normalizeFileChanges(item.changes) });
        out.push({ type: 'patch_apply_end', call_id: id, stdout: '', stderr: '', success: item.status === 'completed' });
        return;
      case 'McpToolCall': {
        const invocation = { server: item.server ?? '', tool: item.tool ?? '', arguments: item.arguments ?? null };
        // A migrated file (see migrated-history.ts) has both the call, which began it, and the item.
        if (!this.begun.has(id)) out.push({ type: 'mcp_tool_call_begin', call_id: id, invocation });
        const result = item.result ? { Ok: mcpOutcomeFromResult(item.result as PersistedMcpResult) } : { Err: describeMcpError(item.error) };
        out.push({ type: 'mcp_tool_call_end', call_id: id, invocation, result });
        return;
      }
      case 'WebSearch':
        // As with web_search_end: the id-less web_search_call that follows is this search.
        this.searchesFromEvents.add(item.query ?? '');
        this.emitWebSearch(id, item.query ?? '', item.action, out);
        return;
      default:
        return;
    }
  }

  private markFinished(callId: string, turn: TurnState): void {
    this.finished.add(callId);
    turn.openCalls.delete(callId);
    turn.hasOutput = true;
  }

  /** At a turn's end, calls still waiting for output will never get one. */
  abandonOpenCalls(): void {
    this.pending.clear();
    this.running.clear();
  }
}
