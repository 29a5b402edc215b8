/**
 * Code mode (Codex 0.169+, the default model's tool set): the model calls one freeform
 * `exec` tool whose input is a JavaScript program, and that program runs the shell
 * commands, patches, MCP calls, web searches and image views through `tools.*`. The
 * response items show only the program and its final text; what ran inside is in the
 * `item_completed` event lines (and, in some 2026 builds, persisted `*_end` events)
 * written between the `exec` call and its output, with ids `exec-<uuid>` that no model
 * call carries.
 *
 * Each such action becomes the step it would be in direct-tool mode (shell_command and
 * tool_output with its exit code, tool_call apply_patch / MCP / web_search / view_image),
 * with `parent_call_id` naming the enclosing `exec` call; MCP calls carry the namespace
 * direct-tool mode gives them in 0.169 (`mcp__<server>`). The link is by position: the
 * action belongs to an `exec` call still waiting for its output; when several are open
 * (parallel calls), to the one whose program contains the command text, else the oldest.
 *
 * Not every action leaves a trace: `update_plan` inside `exec` and a patch that failed
 * to parse write no item at all (oracle 0.169.0 `plan`, `apply-patch-fail`); they are
 * only in the `exec` program and its output.
 */
import type { PersistedEvent, PersistedEventOf, TurnItem } from '../rollout/persisted-event.js';
import type { PendingStep } from './built-step.js';
import { toArgumentsText } from './arguments-text.js';

/** The code-mode tool that runs a JavaScript program. */
const CODE_MODE_TOOL = 'exec';

type OpenExec = { callId: string; program: string };

export class CodeModeActions {
  /** `exec` calls waiting for their output, oldest first. */
  private readonly open: OpenExec[] = [];
  /** Call ids the model itself emitted: their items and end events are the direct calls' own. */
  private readonly modelCalls = new Set<string>();
  /** Actions already turned into steps (an item and an end event can describe the same one). */
  private readonly done = new Set<string>();

  /** A call the model emitted; an `exec` call opens a program whose actions follow. */
  observeCall(name: string, callId: string | null, input: unknown): void {
    if (callId === null) return;
    this.modelCalls.add(callId);
    if (name === CODE_MODE_TOOL) this.open.push({ callId, program: typeof input === 'string' ? input : JSON.stringify(input) });
  }

  /** The output of a call: an `exec` program has finished, nothing more runs inside it. */
  observeOutput(callId: string): void {
    const at = this.open.findIndex((exec) => exec.callId === callId);
    if (at >= 0) this.open.splice(at, 1);
  }

  /** The steps of an action run inside an `exec` program, else none. */
  stepsOf(event: PersistedEvent, timestamp: string | null): PendingStep[] {
    if (event.type === 'item_completed') return this.itemSteps(event.item, timestamp);
    if (event.type === 'exec_command_end' || event.type === 'patch_apply_end' || event.type === 'mcp_tool_call_end' || event.type === 'web_search_end') {
      return this.endEventSteps(event, timestamp);
    }
    return [];
  }

  private itemSteps(item: TurnItem, timestamp: string | null): PendingStep[] {
    const id = item.id;
    if (!id) return [];
    switch (item.type) {
      case 'CommandExecution': {
        const command = Array.isArray(item.command) ? item.command : item.command !== undefined ? ['/bin/bash', '-lc', item.command] : [];
        const parent = this.claim(id, command.at(-1) ?? '');
        if (parent === null) return [];
        return shellSteps(id, parent, command, item.aggregated_output ?? '', item.exit_code ?? null, timestamp);
      }
      case 'FileChange': {
        const parent = this.claim(id, '');
        if (parent === null) return [];
        const output = typeof item.stdout === 'string' ? item.stdout : '';
        // No patch text is recorded for a nested patch: the arguments are the changes Codex applied.
        return callSteps({ name: 'apply_patch', arguments: item.changes ?? null }, id, parent, output, timestamp);
      }
      case 'McpToolCall': {
        const parent = this.claim(id, item.tool ?? '');
        if (parent === null) return [];
        const output = JSON.stringify(item.result ?? { error: item.error ?? null });
        return callSteps({ name: item.tool ?? '', arguments: item.arguments ?? null, namespace: `mcp__${item.server ?? ''}` }, id, parent, output, timestamp);
      }
      case 'WebSearch': {
        const parent = this.claim(id, item.query ?? '');
        if (parent === null) return [];
        return [{ type: 'tool_call', name: 'web_search', arguments: toArgumentsText(item.action ?? { query: item.query ?? '' }), call_id: id, timestamp, parent_call_id: parent }];
      }
      case 'ImageView': {
        const parent = this.claim(id, '');
        if (parent === null) return [];
        // The image itself reaches the model on the `exec` output, which stays as it was.
        const path = typeof item.path === 'string' ? item.path : '';
        return callSteps({ name: 'view_image', arguments: { path } }, id, parent, path, timestamp);
      }
      default:
        return [];
    }
  }

  private endEventSteps(
    event: PersistedEventOf<'exec_command_end' | 'patch_apply_end' | 'mcp_tool_call_end' | 'web_search_end'>,
    timestamp: string | null,
  ): PendingStep[] {
    const id = event.call_id;
    switch (event.type) {
      case 'exec_command_end': {
        const command = event.command ?? [];
        const parent = this.claim(id, command.at(-1) ?? '');
        if (parent === null) return [];
        return shellSteps(id, parent, command, event.aggregated_output ?? '', event.exit_code ?? null, timestamp);
      }
      case 'patch_apply_end': {
        const parent = this.claim(id, '');
        if (parent === null) return [];
        return callSteps({ name: 'apply_patch', arguments: event.changes ?? null }, id, parent, event.stdout ?? '', timestamp);
      }
      case 'mcp_tool_call_end': {
        const parent = this.claim(id, event.invocation.tool);
        if (parent === null) return [];
        const result = 'Ok' in event.result ? event.result.Ok : { error: event.result.Err };
        const call = { name: event.invocation.tool, arguments: event.invocation.arguments ?? null, namespace: `mcp__${event.invocation.server}` };
        return callSteps(call, id, parent, JSON.stringify(result), timestamp);
      }
      case 'web_search_end': {
        const parent = this.claim(id, event.query ?? '');
        if (parent === null) return [];
        return [{ type: 'tool_call', name: 'web_search', arguments: toArgumentsText(event.action ?? { query: event.query ?? '' }), call_id: id, timestamp, parent_call_id: parent }];
      }
    }
  }

  /**
   * The `exec` call an action ran in, or null when it is a direct call's own item (or
   * already seen, or no program is running). `hint` is text the program must contain
   * (the command, the tool name) to tell parallel programs apart.
   */
  private claim(actionId: string, hint: string): string | null {
    if (this.modelCalls.has(actionId) || this.done.has(actionId) || this.open.length === 0) return null;
    this.done.add(actionId);
    // The program holds the command as a JavaScript (JSON) string literal.
    const literal = JSON.stringify(hint).slice(1, -1);
    const byText = hint !== '' ? this.open.find((exec) => exec.program.includes(hint) || exec.program.includes(literal)) : undefined;
    return (byText ?? this.open[0])?.callId ?? null;
  }
}

function shellSteps(id: string, parent: string, command: string[], output: string, exitCode: number | null, timestamp: string | null): PendingStep[] {
  return [
    { type: 'shell_command', command, call_id: id, timestamp, name: 'exec_command', arguments: null, parent_call_id: parent },
    { type: 'tool_output', call_id: id, output, timestamp, exit_code: exitCode, parent_call_id: parent },
  ];
}

function callSteps(
  call: { name: string; arguments: unknown; namespace?: string },
  id: string,
  parent: string,
  output: string,
  timestamp: string | null,
): PendingStep[] {
  return [
    { type: 'tool_call', ...call, arguments: toArgumentsText(call.arguments), call_id: id, timestamp, parent_call_id: parent },
    { type: 'tool_output', call_id: id, output, timestamp, parent_call_id: parent },
  ];
}
