/**
 * How deep JSON may nest. V8's JSON.parse reads any depth (it does not recurse), but
 * JSON.stringify and every other recursive walk of a value overflow the stack some
 * thousands of levels down, which would end the whole run. Codex itself reads rollouts
 * and tool arguments with serde_json, whose recursion limit is 128, so no real rollout
 * line nests anywhere near this limit; deeper values are refused where they enter.
 */

/** Levels of arrays and objects a value read from a rollout may nest (the top level is 1). */
export const MAX_JSON_DEPTH = 1000;

/**
 * True when `value` (a parsed JSON value) nests deeper than `limit`. Iterative: any
 * depth is checked without recursion. Valid JSON text nesting `limit` levels is at
 * least 2 x limit characters long, so callers pass `textLength` to skip the walk for
 * ordinary lines.
 */
export function isNestedTooDeep(value: unknown, textLength: number, limit = MAX_JSON_DEPTH): boolean {
  if (textLength < 2 * limit || typeof value !== 'object' || value === null) return false;
  const stack: { value: object; depth: number }[] = [{ value, depth: 1 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (top.depth > limit) return true;
    const children = Array.isArray(top.value) ? (top.value as unknown[]) : Object.values(top.value);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: top.depth + 1 });
    }
  }
  return false;
}

/**
 * True when the JSON text `text` opens more than `limit` arrays or objects at once
 * (brackets inside strings do not count). A scan of the text, for embedded JSON
 * (tool-call arguments) that is only parsed later: it need not be valid JSON, and
 * text not starting with `[` or `{` (freeform input such as a patch) is never too deep.
 */
export function textNestsTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  if (text.length < 2 * limit) return false;
  const first = text.trimStart()[0];
  if (first !== '[' && first !== '{') return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return false;
}

export const TOO_DEEP = `arrays or objects nested more than ${MAX_JSON_DEPTH} levels deep`;
