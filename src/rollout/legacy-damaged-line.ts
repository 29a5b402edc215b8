/**
 * Codex 0.8 wrote each JSON object and its newline separately and often died (a panic
 * on exit) between the two. The file then ends without a newline, and a resumed process
 * appends to that unterminated line: `{"record_type":"state"}{"record_type":"state"}`.
 * A crash in the middle of a write leaves the last object cut short as well.
 *
 * This splits such a line into its complete top-level objects, in order, plus the
 * incomplete object that follows them (`tail`, empty when there is none). It returns
 * null when the line is not a run of JSON objects at all (text between objects, a stray
 * closing bracket), so plainly invalid lines stay invalid.
 */
type DamagedLineParts = {
  objects: string[];
  tail: string;
};

export function splitDamagedLine(text: string): DamagedLineParts | null {
  const objects: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === BACKSLASH) i++;
      else if (ch === QUOTE) inString = false;
      continue;
    }
    if (ch === QUOTE) {
      if (depth === 0) return null;
      inString = true;
    } else if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
      depth--;
      if (depth < 0) return null;
      if (depth === 0) objects.push(text.slice(start, i + 1));
    } else if (depth === 0 && !isJsonWhitespace(ch)) {
      return null;
    }
  }
  return { objects, tail: depth > 0 ? text.slice(start) : '' };
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isJsonWhitespace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;
}
