/**
 * The `rl` trajectory builder: a projection of a replayed session onto the seed's
 * RL record. Steps come from the response items, because they are exactly what
 * the model emitted and what it saw (events hold Codex's own re-statements, such
 * as "Compact task completed", that the model never produced). How the session
 * ended comes from the replay.
 */
import type { RawJsonString } from '../bytes/raw-json-string.js';
import type { RolloutRecord } from '../rollout/records.js';
import type { AgentMessageItem, MessageItem, ResponseItem } from '../rollout/response-item.js';
import { agentsMdInstructionsOf, contextKindOf } from '../codex/context-kind.js';
import { isMigratedHistory } from '../replay/migrated-history.js';
import { sessionIdOf, type SessionMeta } from '../rollout/session-header.js';
import type { ReplayResult } from '../replay/replay-result.js';
import type { ExactUsage } from '../replay/usage-ledger.js';
import { classifyCustomToolCall, classifyFunctionCall, classifyLocalShellCall, type ToolCall } from '../codex/tool-call.js';
import { parseExecOutput, readToolOutput, unwrapStructuredOutput } from '../codex/tool-output.js';
import { extractAssistantText, extractUserInput, readEnvironmentContext, type EnvironmentContext } from '../codex/user-input.js';
import { createRawToolOutputStep } from './raw-tool-output-step.js';
import type { PendingStep, WithoutTurn } from './built-step.js';
import type { AssistantMessageStep, SessionSummary, ToolCallStep, TrajectoryStep, Turn } from './rl-schema.js';
import { dynamicTools, flattenToolDefinitions, type ToolDefinition } from './tool-definitions.js';
import { sessionLineageOf } from '../codex/session-lineage.js';
import { decodeRawJsonString } from '../bytes/raw-json-string.js';
import { ViewImageAttachments } from './view-image-attachments.js';
import { CodeModeActions } from './code-mode-actions.js';
import { asyncUserMessage, isAcceptedOutput } from './async-user-message.js';
import { toArgumentsText } from './arguments-text.js';
import { imageGenerationSteps } from './image-generation.js';
import { isImportedTurnId, type ImportedFrom } from '../codex/imported-session.js';
import { SubAgentLinks } from './sub-agent-links.js';
import { interceptedShellCall } from './intercepted-shell-call.js';


export type RlBuilderOptions = {
  /** The input path as given; becomes `source_path`. */
  sourcePath: string;
  /** Fallback session id (the UUID in the file name) when no header names one. */
  fallbackSessionId: string;
};

export class RlTrajectoryBuilder {
  private meta: SessionMeta | null = null;
  private model: string | null = null;
  private cwd: string | null = null;
  private shell = 'bash';
  /** Call ids of shell and apply_patch calls: their outputs report an exit code in an exec dialect. */
  private readonly execCalls = new Set<string>();
  private readonly viewImages = new ViewImageAttachments();
  private readonly codeMode = new CodeModeActions();
  /** A migrated file's header lost `instructions`; its AGENTS.md message still holds them. */
  private migratedInstructions: string | null = null;
  private tools: ToolDefinition[] | null = null;
  /** send_message_to_user_async calls waiting for Codex's answer, by call id. */
  private readonly asyncMessages = new Map<string, { content: string; timestamp: string | null }>();
  /** Set by the first turn of a transcript Codex Desktop imported. */
  private importedFrom: ImportedFrom | null = null;
  /** Multi-agent calls linked to the sub-agent sessions they concern. */
  private readonly subAgents = new SubAgentLinks(() => this.meta);

  constructor(private readonly options: RlBuilderOptions) {}

  push(record: RolloutRecord): PendingStep[] {
    switch (record.kind) {
      case 'session_meta':
        // The first header describes this file; later ones were copied from a parent by a fork.
        if (this.meta === null) {
          this.meta = record.meta;
          this.cwd = record.meta.cwd ?? null;
        }
        return [];
      case 'turn_context':
        if (record.context.model) this.model = record.context.model;
        if (this.cwd === null && record.context.cwd) this.cwd = record.context.cwd;
        return [];
      case 'tool_definitions':
        // The first list is the one the session started with (compaction repeats it).
        this.tools ??= flattenToolDefinitions(record.tools);
        return [];
      case 'compacted':
        return [
          {
            type: 'compaction',
            summary: record.message !== '' ? record.message : null,
            timestamp: record.at.timestamp,
            ...(record.encrypted ? { encrypted: true } : {}),
            ...(record.replacementItemCount !== null ? { replacement_item_count: record.replacementItemCount } : {}),
          },
        ];
      case 'response_item': {
        if (record.origin !== 'session') return [];
        const images = injectedImages(record.item);
        const absorbed = images ? this.viewImages.absorb(images) : null;
        return absorbed ?? this.viewImages.pass(this.stepsOf(record.item, record.at.timestamp, record.rawOutput));
      }
      case 'event_msg':
        if (record.event.type === 'task_started' && isImportedTurnId(record.event.turn_id)) this.importedFrom = 'claude-code';
        this.subAgents.observeEvent(record.event);
        return this.viewImages.pass(this.codeMode.stepsOf(record.event, record.at.timestamp));
      default:
        return [];
    }
  }

  /** `rawOutput`: the text of a tool output the decoder kept raw (its item's `output` is then ""). */
  private stepsOf(item: ResponseItem, timestamp: string | null, rawOutput: RawJsonString | undefined): PendingStep[] {
    switch (item.type) {
      case 'message': {
        if (item.role === 'user') {
          const input = extractUserInput(item);
          if (!input) {
            this.observeEnvironment(readEnvironmentContext(item));
            return this.contextSteps(item, timestamp);
          }
          return [{ type: 'user_message', content: input.text, timestamp, ...(input.images.length ? { images: input.images } : {}) }];
        }
        if (item.role !== 'assistant') return this.contextSteps(item, timestamp);
        const text = extractAssistantText(item);
        if (!text) return [];
        return [{ type: 'assistant_message', content: text, timestamp, ...(item.phase ? { phase: item.phase } : {}) }];
      }
      case 'reasoning': {
        const summary = item.summary.flatMap((part) => (part.text ? [part.text] : [])).join('\n\n');
        const raw = (item.content ?? []).flatMap((part) => (part.text ? [part.text] : [])).join('\n\n');
        const content = [summary, raw].filter(Boolean).join('\n\n');
        return content ? [{ type: 'reasoning', content, timestamp }] : [];
      }
      case 'function_call': {
        const call = classifyFunctionCall(item, { shell: this.shell });
        const message = asyncUserMessage(call);
        if (message !== null && call.callId) this.asyncMessages.set(call.callId, { content: message, timestamp });
        return [this.callStep(call, timestamp)];
      }
      case 'custom_tool_call':
        return [this.callStep(classifyCustomToolCall(item), timestamp)];
      case 'local_shell_call':
        return [this.callStep(classifyLocalShellCall(item), timestamp, item.action.command)];
      case 'function_call_output':
      case 'custom_tool_call_output': {
        this.codeMode.observeOutput(item.call_id);
        const delivered = this.deliveredAsyncMessage(item.call_id, () => (rawOutput ? decodeRawJsonString(rawOutput) : readToolOutput(item.output).text));
        if (delivered) return [delivered, ...this.stepsOf(item, timestamp, rawOutput)];
        if (rawOutput) return [createRawToolOutputStep(item.call_id, rawOutput, timestamp, this.execCalls.has(item.call_id))];
        const { text, images } = readToolOutput(item.output);
        const exitCode = this.execCalls.has(item.call_id) ? parseExecOutput(text).exitCode : unwrapStructuredOutput(text).exitCode;
        return [
          {
            type: 'tool_output',
            call_id: item.call_id,
            output: text,
            timestamp,
            ...(exitCode !== null ? { exit_code: exitCode } : {}),
            ...(images.length ? { images } : {}),
          },
        ];
      }
      case 'agent_message':
        return [interAgentMessageStep(item, timestamp)];
      case 'web_search_call':
        return [{ type: 'tool_call', name: 'web_search', arguments: toArgumentsText(item.action), call_id: item.id ?? null, timestamp }];
      case 'image_generation_call':
        return imageGenerationSteps(item, timestamp);
      case 'tool_search_call':
        return [{ type: 'tool_call', name: 'tool_search', arguments: toArgumentsText(item.arguments), call_id: item.call_id ?? null, timestamp }];
      case 'tool_search_output':
        return item.call_id ? [{ type: 'tool_output', call_id: item.call_id, output: JSON.stringify(item.tools), timestamp }] : [];
    }
  }

  /**
   * Shell-family calls become shell_command steps (argv normalized); everything else a tool_call.
   * A shell call that Codex intercepted as apply_patch (`["apply_patch", patch]` through the
   * shell tool up to 0.40, or an `apply_patch <<'EOF'` script) is still the shell call the model
   * emitted, so it stays a shell_command step; `localShellArgv` is the argv of a local_shell_call.
   */
  private callStep(call: ToolCall, timestamp: string | null, localShellArgv?: string[]): WithoutTurn<TrajectoryStep> {
    this.codeMode.observeCall(call.name, call.callId, call.arguments);
    // Outputs of shell commands and of apply_patch carry an exit code in one of the exec dialects.
    if (call.callId && (call.kind.type === 'shell' || call.kind.type === 'apply_patch')) this.execCalls.add(call.callId);
    const shell = call.kind.type === 'shell' ? call.kind : interceptedShellCall(call, localShellArgv, this.shell);
    if (shell) {
      return {
        type: 'shell_command',
        command: shell.argv,
        call_id: call.callId,
        timestamp,
        name: call.name,
        arguments: call.argumentsText,
        ...(shell.workdir !== null ? { workdir: shell.workdir } : {}),
      };
    }
    const step: WithoutTurn<ToolCallStep> = {
      type: 'tool_call',
      name: call.name,
      arguments: call.argumentsText,
      call_id: call.callId,
      timestamp,
      ...(call.namespace ? { namespace: call.namespace } : {}),
    };
    this.subAgents.observeCall(step, call.arguments);
    return step;
  }

  /**
   * The model's send_message_to_user_async call stays a tool_call (it is what the model
   * emitted); the message it carried, once Codex accepted it (`{"accepted":true}`: 0.171;
   * 0.169 answered "unsupported call"), is what the user read while the turn went on: an
   * assistant message, before the output as in the file, never the final response. The output
   * is read only for such a call: decoding every raw tool output would cost a fifth of the run.
   */
  private deliveredAsyncMessage(callId: string, readOutput: () => string): WithoutTurn<AssistantMessageStep> | null {
    const message = this.asyncMessages.get(callId);
    if (!message) return null;
    this.asyncMessages.delete(callId);
    if (!isAcceptedOutput(readOutput())) return null;
    return { type: 'assistant_message', content: message.content, timestamp: message.timestamp, delivery: 'async', call_id: callId };
  }

  /**
   * The injected `<environment_context>` names the user's shell and, for rollouts whose
   * header has no cwd (legacy 0.29 and older), the working directory.
   */
  private observeEnvironment(environment: EnvironmentContext | null): void {
    if (environment?.shell) this.shell = environment.shell;
    if (this.cwd === null && environment?.cwd) this.cwd = environment.cwd;
  }

  /**
   * Developer (and system) messages and injected user-role context, one step per text part
   * (0.130+ bundle several blocks in one message): what the model saw besides the user.
   */
  private contextSteps(item: MessageItem, timestamp: string | null): PendingStep[] {
    const base = this.meta?.base_instructions?.text ?? null;
    const steps: PendingStep[] = [];
    for (const part of item.content) {
      if (part.text === undefined || part.text === '') continue;
      const kind = contextKindOf(part.text, item.role, base);
      if (kind === 'agents_md' && this.meta && isMigratedHistory(this.meta)) this.migratedInstructions ??= agentsMdInstructionsOf(part.text);
      steps.push({ type: 'context', role: item.role, kind, content: part.text, timestamp });
    }
    return steps;
  }

  /** Steps still held back at the end of the session; call before finish(). */
  drain(): PendingStep[] {
    return this.viewImages.flush();
  }

  /**
   * `kept`: what the projection decided once rolled-back turns were removed: the turns,
   * the first prompt and the final response of the turns that were not rolled back, and
   * the session's usage without what a fork's copied history repeats.
   */
  finish(replay: ReplayResult, rawItemCount: number, kept: { turns: Turn[]; prompt: string | null; finalResponse: string | null; usage: ExactUsage | null }): SessionSummary {
    const meta = this.meta;
    return {
      session_id: sessionIdOf(meta) ?? this.options.fallbackSessionId,
      // An import's turns name no model; a turn_context model is that of a Codex continuation.
      model: this.importedFrom ? null : this.model,
      cwd: this.cwd,
      prompt: kept.prompt,
      system_instructions: meta?.base_instructions?.text ?? meta?.instructions ?? this.migratedInstructions,
      final_response: kept.finalResponse,
      success: replay.outcome === 'completed',
      source_path: this.options.sourcePath,
      raw_item_count: rawItemCount,
      outcome: replay.outcome,
      error: replay.error,
      cli_version: meta?.cli_version ?? null,
      originator: meta?.originator ?? null,
      started_at: meta?.timestamp ?? null,
      turn_count: kept.turns.length,
      usage: kept.usage,
      turns: kept.turns,
      tools: this.tools ?? dynamicTools(meta),
      ...sessionLineageOf(meta),
      imported_from: this.importedFrom,
    };
  }
}

/** The images of an image-only user message (how Codex 0.29-0.100 delivered view_image results). */
function injectedImages(item: ResponseItem): string[] | null {
  if (item.type !== 'message' || item.role !== 'user') return null;
  const input = extractUserInput(item);
  return input && input.text === '' && input.images.length > 0 ? input.images : null;
}

function interAgentMessageStep(item: AgentMessageItem, timestamp: string | null): PendingStep {
  const content = item.content.flatMap((part) => (part.text !== undefined ? [part.text] : [])).join('');
  const encrypted = item.content.some((part) => part.type === 'encrypted_content');
  return { type: 'inter_agent_message', author: item.author ?? null, recipient: item.recipient ?? null, content, timestamp, ...(encrypted ? { encrypted: true as const } : {}) };
}
