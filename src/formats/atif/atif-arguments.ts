/**
 * A tool call's arguments as ATIF wants them: a JSON object. The record holds what the
 * model emitted, either already parsed or as its exact string (freeform tools such as
 * `apply_patch` and code mode's `exec` emit plain text, not JSON). A string that is a
 * JSON object becomes that object; anything else (plain text, a JSON array or scalar,
 * text nesting deeper than a rollout may) is kept whole, unparsed, as `{"input": text}`
 * (the name OpenAI gives a custom tool's freeform input), and the call says so with
 * `extra.arguments_form: "text"`.
 */
import { textNestsTooDeep } from '../../rollout/json-depth.js';

export type AtifArguments = { arguments: Record<string, unknown>; form: 'object' | 'text' };

export function toAtifArguments(value: unknown): AtifArguments {
  if (value === null || value === undefined) return { arguments: {}, form: 'object' };
  if (isPlainObject(value)) return { arguments: value, form: 'object' };
  if (typeof value !== 'string') return { arguments: { input: JSON.stringify(value) }, form: 'text' };
  const parsed = parseObject(value);
  return parsed ? { arguments: parsed, form: 'object' } : { arguments: { input: value }, form: 'text' };
}

function parseObject(text: string): Record<string, unknown> | null {
  if (text.trimStart()[0] !== '{' || textNestsTooDeep(text)) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return isPlainObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
