/**
 * The port of Codex's `EventProcessorWithJsonOutput`: EventMsg in, the ThreadEvents
 * `codex exec --json` prints for it out. Pure and synchronous; one instance per exec process
 * (item ids come from a counter that never resets, so a resumed session's second exec starts
 * again at item_0 only because it is a new process).
 *
 * What is remembered between events, as upstream:
 * - exec and MCP items get their id at begin and are completed by call_id at end;
 * - patch applies are held by call_id; the file_change id is allocated at end (at begin from
 *   exec 0.130 on, which also prints item.started);
 * - one todo list per turn, started by the first plan_update, updated by the next ones and
 *   completed by task_complete;
 * - the last cumulative token usage, reported by turn.completed;
 * - the last fatal `error`, which turns task_complete into turn.failed.
 */
import type { EventMsg, FileChange, TokenUsage } from '../codex/event-msg.js';
import { SEED_EXEC_DIALECT, type ExecDialect } from './exec-dialect.js';
import { listFileUpdateChanges } from './file-update-changes.js';
import { formatExecCommand } from './shell-quote.js';
import type {
  CommandExecutionItem,
  FileChangeItem,
  FileUpdateChange,
  McpToolCallItem,
  PatchApplyStatus,
  ThreadEvent,
  TodoEntry,
  Usage,
} from './thread-events.js';
import { completed, started, updated } from './thread-item-events.js';
import { WebSearchTracker } from './web-search-tracker.js';
import { CollabToolCalls } from './collab-tool-calls.js';

export type EventProcessorOptions = {
  /** Which exec version's output to reproduce; default: the seed dialect (exec-0.58). */
  dialect?: ExecDialect;
};

type RunningCommand = { itemId: string; command: string };
type RunningPatch = { itemId: string | null; changes: FileUpdateChange[] };
type RunningMcpCall = { itemId: string; server: string; tool: string; arguments: unknown };
type RunningTodoList = { itemId: string; items: TodoEntry[] };

function withDetails(message: string, details: string | null | undefined, blankIsEmpty: boolean): string {
  if (details === undefined || details === null) return message;
  const empty = blankIsEmpty ? details.trim() === '' : details === '';
  return empty ? message : `${message} (${details})`;
}

export class EventProcessor {
  private readonly dialect: ExecDialect;
  private nextItemNumber = 0;
  private readonly runningCommands = new Map<string, RunningCommand>();
  private readonly runningPatches = new Map<string, RunningPatch>();
  private readonly runningMcpCalls = new Map<string, RunningMcpCall>();
  private readonly webSearches: WebSearchTracker;
  private readonly collabCalls = new CollabToolCalls(() => this.newItemId());
  private runningTodoList: RunningTodoList | null = null;
  private lastTotalUsage: TokenUsage | null = null;
  private lastCriticalError: string | null = null;

  constructor(options: EventProcessorOptions = {}) {
    this.dialect = options.dialect ?? SEED_EXEC_DIALECT;
    this.webSearches = new WebSearchTracker(this.dialect.webSearch, () => this.newItemId());
  }

  /** The ThreadEvents exec prints for one event, in order (often none). */
  process(msg: EventMsg): ThreadEvent[] {
    switch (msg.type) {
      case 'session_configured':
        return [{ type: 'thread.started', thread_id: msg.session_id }];
      case 'task_started':
        this.lastCriticalError = null;
        return [{ type: 'turn.started' }];
      case 'agent_message':
        return [completed({ id: this.newItemId(), type: 'agent_message', text: msg.message })];
      case 'agent_reasoning':
        if (this.dialect.skipEmptyReasoning && msg.text.trim() === '') return [];
        return [completed({ id: this.newItemId(), type: 'reasoning', text: msg.text })];
      case 'exec_command_begin':
        return this.beginCommand(msg.call_id, msg.command);
      case 'exec_command_end':
        return this.endCommand(msg);
      case 'mcp_tool_call_begin':
        return this.beginMcpCall(msg);
      case 'mcp_tool_call_end':
        return this.endMcpCall(msg);
      case 'patch_apply_begin':
        return this.beginPatch(msg.call_id, msg.changes);
      case 'patch_apply_end':
        return this.endPatch(msg);
      case 'web_search_begin':
        return this.webSearches.begin(msg);
      case 'web_search_end':
        return this.webSearches.end(msg);
      case 'collab_tool_call_begin':
        return this.collabCalls.begin(msg);
      case 'collab_tool_call_end':
        return this.collabCalls.end(msg);
      case 'plan_update':
        return this.updatePlan(msg.plan);
      case 'token_count':
        if (msg.info) this.lastTotalUsage = msg.info.total_token_usage;
        return [];
      case 'error': {
        const message = withDetails(msg.message, this.dialect.errorDetails === 'all' ? msg.additional_details : null, false);
        this.lastCriticalError = message;
        return [{ type: 'error', message }];
      }
      case 'warning':
        if (!this.dialect.warningItems) return [];
        return [completed({ id: this.newItemId(), type: 'error', message: msg.message })];
      case 'stream_error': {
        const details = this.dialect.errorDetails === 'none' ? null : msg.additional_details;
        // Retry notices are shown but never fail the turn.
        return [{ type: 'error', message: withDetails(msg.message, details, this.dialect.errorDetails === 'stream-errors') }];
      }
      case 'task_complete':
        return [...this.closeTurnItems(), this.finishTurn()];
      case 'turn_aborted':
        return this.dialect.closeItemsOnAbort ? this.closeTurnItems() : [];
      case 'user_message':
        return [];
      default: {
        // Typed input cannot get here (a new EventMsg type must be handled above); untyped
        // input with an unknown type prints nothing, as exec ignores events it does not know.
        const unhandled: never = msg;
        void unhandled;
        return [];
      }
    }
  }

  private newItemId(): string {
    const id = `item_${this.nextItemNumber}`;
    this.nextItemNumber += 1;
    return id;
  }

  private commandItem(
    id: string,
    command: string,
    aggregatedOutput: string,
    exitCode: number | null,
    status: CommandExecutionItem['status'],
  ): CommandExecutionItem {
    const item: CommandExecutionItem = { id, type: 'command_execution', command, aggregated_output: aggregatedOutput, status };
    if (exitCode !== null || this.dialect.nullExitCode === 'print') item.exit_code = exitCode;
    return item;
  }

  private beginCommand(callId: string, argv: string[]): ThreadEvent[] {
    const running = { itemId: this.newItemId(), command: formatExecCommand(argv) };
    this.runningCommands.set(callId, running);
    return [started(this.commandItem(running.itemId, running.command, '', null, 'in_progress'))];
  }

  private endCommand(msg: Extract<EventMsg, { type: 'exec_command_end' }>): ThreadEvent[] {
    const running = this.runningCommands.get(msg.call_id);
    // Upstream warns and prints nothing for an end it never saw begin.
    if (!running) return [];
    this.runningCommands.delete(msg.call_id);
    const status =
      this.dialect.commandStatusFromEvent && msg.status !== undefined
        ? msg.status
        : msg.exit_code === 0
          ? 'completed'
          : 'failed';
    return [completed(this.commandItem(running.itemId, running.command, msg.aggregated_output, msg.exit_code, status))];
  }

  private mcpItem(call: RunningMcpCall, rest: Pick<McpToolCallItem, 'result' | 'error' | 'status'>): McpToolCallItem {
    const base = { id: call.itemId, type: 'mcp_tool_call' as const, server: call.server, tool: call.tool };
    if (this.dialect.mcpItemFields === 'minimal') return { ...base, status: rest.status };
    return { ...base, arguments: call.arguments, ...rest };
  }

  private beginMcpCall(msg: Extract<EventMsg, { type: 'mcp_tool_call_begin' }>): ThreadEvent[] {
    const call: RunningMcpCall = {
      itemId: this.newItemId(),
      server: msg.invocation.server,
      tool: msg.invocation.tool,
      arguments: msg.invocation.arguments ?? null,
    };
    this.runningMcpCalls.set(msg.call_id, call);
    return [started(this.mcpItem(call, { result: null, error: null, status: 'in_progress' }))];
  }

  private endMcpCall(msg: Extract<EventMsg, { type: 'mcp_tool_call_end' }>): ThreadEvent[] {
    // Unlike commands, an end without a begin still prints a (completed-only) item.
    const call = this.runningMcpCalls.get(msg.call_id) ?? {
      itemId: this.newItemId(),
      server: msg.invocation.server,
      tool: msg.invocation.tool,
      arguments: msg.invocation.arguments ?? null,
    };
    this.runningMcpCalls.delete(msg.call_id);
    if ('Err' in msg.result) {
      return [completed(this.mcpItem(call, { result: null, error: { message: msg.result.Err }, status: 'failed' }))];
    }
    const ok = msg.result.Ok;
    const result = { content: ok.content, structured_content: ok.structured_content ?? null };
    return [completed(this.mcpItem(call, { result, error: null, status: ok.is_error === true ? 'failed' : 'completed' }))];
  }

  private fileChangeItem(id: string, changes: FileUpdateChange[], status: PatchApplyStatus): FileChangeItem {
    // A fresh list per event, so a consumer editing one event cannot change another.
    return { id, type: 'file_change', changes: changes.map((change) => ({ ...change })), status };
  }

  private beginPatch(callId: string, changes: Record<string, FileChange>): ThreadEvent[] {
    const patch: RunningPatch = { itemId: null, changes: listFileUpdateChanges(changes, this.dialect.fileChangeStarted) };
    this.runningPatches.set(callId, patch);
    if (!this.dialect.fileChangeStarted) return [];
    patch.itemId = this.newItemId();
    return [started(this.fileChangeItem(patch.itemId, patch.changes, 'in_progress'))];
  }

  private endPatch(msg: Extract<EventMsg, { type: 'patch_apply_end' }>): ThreadEvent[] {
    const status: PatchApplyStatus =
      this.dialect.fileChangeStarted && msg.status !== undefined
        ? msg.status === 'completed'
          ? 'completed'
          : 'failed'
        : msg.success
          ? 'completed'
          : 'failed';
    const patch = this.runningPatches.get(msg.call_id);
    if (patch) {
      this.runningPatches.delete(msg.call_id);
      return [completed(this.fileChangeItem(patch.itemId ?? this.newItemId(), patch.changes, status))];
    }
    // Before 0.130 an end without begin prints nothing; from 0.130 the end carries the changes.
    if (!this.dialect.fileChangeStarted || msg.changes === undefined) return [];
    const id = this.newItemId();
    const changes = listFileUpdateChanges(msg.changes, this.dialect.fileChangeStarted);
    return [started(this.fileChangeItem(id, changes, 'in_progress')), completed(this.fileChangeItem(id, changes, status))];
  }

  private updatePlan(plan: Extract<EventMsg, { type: 'plan_update' }>['plan']): ThreadEvent[] {
    const items = plan.map((step) => ({ text: step.step, completed: step.status === 'completed' }));
    if (this.runningTodoList) {
      this.runningTodoList.items = items;
      return [updated({ id: this.runningTodoList.itemId, type: 'todo_list', items })];
    }
    this.runningTodoList = { itemId: this.newItemId(), items };
    return [started({ id: this.runningTodoList.itemId, type: 'todo_list', items })];
  }

  /** Items a turn end completes: the todo list, then (0.100+) commands that never ended. */
  private closeTurnItems(): ThreadEvent[] {
    const events: ThreadEvent[] = [];
    if (this.runningTodoList) {
      const { itemId, items } = this.runningTodoList;
      events.push(completed({ id: itemId, type: 'todo_list', items: items.map((entry) => ({ ...entry })) }));
      this.runningTodoList = null;
    }
    if (this.dialect.completeRunningCommands) {
      for (const running of this.runningCommands.values()) {
        events.push(completed(this.commandItem(running.itemId, running.command, '', null, 'completed')));
      }
      this.runningCommands.clear();
    }
    return events;
  }

  private finishTurn(): ThreadEvent {
    if (this.lastCriticalError !== null) {
      const message = this.lastCriticalError;
      this.lastCriticalError = null;
      return { type: 'turn.failed', error: { message } };
    }
    return { type: 'turn.completed', usage: this.usage() };
  }

  /** The thread's cumulative usage so far (zeros before any token_count). */
  private usage(): Usage {
    const total = this.lastTotalUsage;
    const usage: Usage = {
      input_tokens: total?.input_tokens ?? 0,
      cached_input_tokens: total?.cached_input_tokens ?? 0,
      output_tokens: total?.output_tokens ?? 0,
    };
    for (const key of this.dialect.usageKeys) usage[key] = total?.[key] ?? 0;
    return usage;
  }
}
