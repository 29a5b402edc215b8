/**
 * Codex 0.8 could lose its final newline when the writer died, and a resumed
 * process then appended to the unterminated line, leaving two JSON objects on
 * one line: `{"record_type":"state"}{"record_type":"state"}`. This splits such a
 * line into its top-level objects, or returns null when it is not that.
 */
export function splitConcatenatedObjects(text: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      depth--;
      if (depth < 0) return null;
      if (depth === 0) parts.push(text.slice(start, i + 1));
    } else if (depth === 0 && ch !== 0x20 && ch !== 0x09) {
      return null;
    }
  }
  return parts.length > 1 ? parts : null;
}
