/**
 * A structured call payload (a web search's `action`, a tool search's `arguments`, a
 * code-mode action's changes) as the record's `arguments`: a string stays the exact
 * text, any other value becomes its JSON text, so `arguments` is a string (or null) in
 * every row.
 */
export function toArgumentsText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
