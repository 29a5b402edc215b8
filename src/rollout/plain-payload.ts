/**
 * Cheap checks for the payload shapes that make up nearly every line of a rollout
 * (messages, reasoning, function calls and their outputs, token counts, message events,
 * command ends): true only when the zod schema in response-item.ts / persisted-event.ts
 * accepts the payload and would return it with the same values (no default to fill in).
 * The payload is then used as it is; anything else goes through zod, which stays the
 * source of truth and words the issue.
 */

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullish(value: unknown): boolean {
  return value === undefined || value === null;
}

function isNullishString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

/** zod's number(): finite (JSON never holds anything else, but payloads can be built in code). */
function isNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

function isNullishNumber(value: unknown): boolean {
  return value === undefined || value === null || isNumber(value);
}

/** `{type, text?, image_url?}` parts of messages and reasoning. */
function isContentParts(value: unknown, allowImage: boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const part: unknown = value[i];
    if (!isObject(part) || typeof part.type !== 'string' || !isOptionalString(part.text)) return false;
    if (allowImage && !isOptionalString(part.image_url)) return false;
  }
  return true;
}

export function isPlainResponseItem(payload: unknown): boolean {
  if (!isObject(payload)) return false;
  switch (payload.type) {
    case 'message':
      return typeof payload.role === 'string' && isContentParts(payload.content, true) && isNullishString(payload.phase);
    case 'reasoning':
      // `summary` has a default: a missing one is left to zod, which fills it in.
      return (
        isContentParts(payload.summary, false) &&
        (isNullish(payload.content) || isContentParts(payload.content, false)) &&
        isNullishString(payload.encrypted_content)
      );
    case 'function_call':
      return typeof payload.name === 'string' && isNullishString(payload.namespace) && typeof payload.arguments === 'string' && typeof payload.call_id === 'string';
    case 'custom_tool_call':
      return (
        typeof payload.name === 'string' &&
        isNullishString(payload.namespace) &&
        typeof payload.input === 'string' &&
        typeof payload.call_id === 'string' &&
        isNullishString(payload.status)
      );
    case 'function_call_output':
    case 'custom_tool_call_output':
      // Only the plain string form; content items and `{content, success}` go through zod.
      return typeof payload.call_id === 'string' && typeof payload.output === 'string';
    default:
      return false;
  }
}

/** The five counters of a token usage, all present (zod fills missing ones with 0). */
function isFullTokenUsage(value: unknown): boolean {
  return (
    isObject(value) &&
    isNumber(value.input_tokens) &&
    isNumber(value.cached_input_tokens) &&
    isNumber(value.output_tokens) &&
    isNumber(value.reasoning_output_tokens) &&
    isNumber(value.total_tokens) &&
    (value.cache_write_input_tokens === undefined || isNumber(value.cache_write_input_tokens))
  );
}

function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/** `payload.type` must already be the canonical event type (aliases resolved). */
export function isPlainEvent(payload: unknown): boolean {
  if (!isObject(payload)) return false;
  switch (payload.type) {
    case 'user_message':
      return typeof payload.message === 'string' && isNullishString(payload.kind) && (isNullish(payload.images) || isStringArray(payload.images));
    case 'agent_message':
      return typeof payload.message === 'string' && isNullishString(payload.phase);
    case 'agent_reasoning':
    case 'agent_reasoning_raw_content':
      return typeof payload.text === 'string';
    case 'token_count': {
      const info = payload.info;
      if (isNullish(info)) return true;
      return (
        isObject(info) &&
        isFullTokenUsage(info.total_token_usage) &&
        (isNullish(info.last_token_usage) || isFullTokenUsage(info.last_token_usage)) &&
        isNullishNumber(info.model_context_window)
      );
    }
    case 'task_started':
      return isNullishString(payload.turn_id) && isNullishNumber(payload.model_context_window);
    case 'task_complete':
      return isNullishString(payload.turn_id) && isNullishString(payload.last_agent_message) && isNullish(payload.error);
    case 'exec_command_end':
      return (
        typeof payload.call_id === 'string' &&
        (isNullish(payload.command) || isStringArray(payload.command)) &&
        isNullishString(payload.aggregated_output) &&
        isNullishNumber(payload.exit_code) &&
        isPlainDuration(payload.duration) &&
        isNullishString(payload.status)
      );
    default:
      return false;
  }
}

/** `{secs, nanos}`, a string, a number, or nothing. */
function isPlainDuration(value: unknown): boolean {
  if (isNullish(value) || typeof value === 'string' || isNumber(value)) return true;
  return isObject(value) && isNumber(value.secs) && isNumber(value.nanos);
}
