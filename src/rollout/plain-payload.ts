/**
 * Cheap checks for the payload shapes that make up nearly every line of a rollout
 * (session headers and turn contexts, messages, reasoning, function calls and their
 * outputs, token counts, message events, command ends, 2026 `item_completed` records):
 * true only when the zod schema in session-header.ts / response-item.ts /
 * persisted-event.ts accepts the payload and would return it with the same values (no
 * default to fill in).
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
    case 'item_completed':
      return isNullishString(payload.turn_id) && isPlainTurnItem(payload.item);
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

/** `session_meta` payloads (sessionMetaSchema). */
export function isPlainSessionMeta(payload: unknown): boolean {
  if (!isObject(payload)) return false;
  const base = payload.base_instructions;
  return (
    isNullishString(payload.id) &&
    isNullishString(payload.session_id) &&
    isNullishString(payload.timestamp) &&
    isNullishString(payload.cwd) &&
    isNullishString(payload.originator) &&
    isNullishString(payload.cli_version) &&
    isNullishString(payload.instructions) &&
    (isNullish(base) || (isObject(base) && isNullishString(base.text))) &&
    isNullishString(payload.history_mode) &&
    isNullishString(payload.forked_from_id)
  );
}

/** `turn_context` payloads (turnContextSchema). */
export function isPlainTurnContext(payload: unknown): boolean {
  return (
    isObject(payload) &&
    isNullishString(payload.turn_id) &&
    isNullishString(payload.cwd) &&
    isNullishString(payload.model) &&
    isNullishString(payload.user_instructions) &&
    isNullishString(payload.developer_instructions)
  );
}

/** `item_completed.item` (turnItemSchema): every variant's fields, all optional but `type`. */
function isPlainTurnItem(item: unknown): boolean {
  if (!isObject(item) || typeof item.type !== 'string') return false;
  const { content, command, changes } = item;
  return (
    isNullishString(item.id) &&
    (content === undefined || isTurnItemContent(content)) &&
    isNullishString(item.phase) &&
    (item.summary_text === undefined || isStringArray(item.summary_text)) &&
    (item.raw_content === undefined || isStringArray(item.raw_content)) &&
    (command === undefined || typeof command === 'string' || isStringArray(command)) &&
    isNullishString(item.aggregated_output) &&
    isNullishNumber(item.exit_code) &&
    isNullishString(item.status) &&
    (changes === undefined || isObject(changes) || Array.isArray(changes)) &&
    isOptionalString(item.server) &&
    isOptionalString(item.tool) &&
    isPlainMcpResult(item.result) &&
    isNullishString(item.query) &&
    isOptionalString(item.text)
  );
}

/** `{type, text?, image_url?, path?}` parts of turn item messages. */
function isTurnItemContent(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const part: unknown = value[i];
    if (!isObject(part) || typeof part.type !== 'string') return false;
    if (!isOptionalString(part.text) || !isOptionalString(part.image_url) || !isOptionalString(part.path)) return false;
  }
  return true;
}

/** An MCP result, or nothing. `content` has a default: a missing one is left to zod. */
function isPlainMcpResult(value: unknown): boolean {
  if (isNullish(value)) return true;
  return isObject(value) && Array.isArray(value.content) && isNullishBoolean(value.isError) && isNullishBoolean(value.is_error);
}

function isNullishBoolean(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'boolean';
}
