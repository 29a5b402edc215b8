/**
 * MCP tool results as the model saw them. 2025 builds wrote the CallToolResult
 * JSON (`{"content": [...], "isError"?, "structuredContent"?}`) or just the
 * content array; `err: ...` strings mark a failed call; 2026 wraps the text in
 * `Wall time: ...\nOutput:\n...` or content items. The rollout never records
 * `isError: true` for a tool that reported failure: only 2026 end events do.
 */
import { textNestsTooDeep } from '../rollout/json-depth.js';
import type { PersistedMcpResult } from '../rollout/persisted-event.js';
import type { CallToolResult } from '../codex/event-msg.js';

type McpOutcome = { Ok: CallToolResult } | { Err: string };

export function mcpOutcomeFromOutput(text: string): McpOutcome {
  if (text.startsWith('err: ')) return { Err: text.slice('err: '.length) };
  const body = stripWallTimeHeader(text);
  const value = tryParseJson(body);
  if (Array.isArray(value)) return { Ok: { content: value, structured_content: null } };
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.content)) {
      return {
        Ok: {
          content: object.content,
          is_error: typeof object.isError === 'boolean' ? object.isError : null,
          structured_content: object.structuredContent ?? null,
        },
      };
    }
    return { Ok: { content: [], structured_content: value } };
  }
  return { Ok: { content: [{ type: 'text', text: body }], structured_content: null } };
}

export function mcpOutcomeFromResult(result: PersistedMcpResult): CallToolResult {
  return {
    content: result.content,
    is_error: result.isError ?? result.is_error ?? null,
    structured_content: result.structuredContent ?? result.structured_content ?? null,
  };
}

function stripWallTimeHeader(text: string): string {
  if (!text.startsWith('Wall time:')) return text;
  const at = text.indexOf('\nOutput:\n');
  return at === -1 ? text : text.slice(at + '\nOutput:\n'.length);
}

function tryParseJson(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  if (textNestsTooDeep(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The message of a failed MCP call's persisted error (a string or `{message}`). */
export function describeMcpError(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return 'MCP tool call failed';
}
