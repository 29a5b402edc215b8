import { createReadStream } from 'node:fs';
import { splitLines } from './lines.js';

/**
 * The lines of a JSONL file this tool wrote or checks (a dataset's records, issues,
 * instructions), split where JSONL splits: at `\n` (a `\r` before it is dropped, as is a
 * leading BOM), blank lines included. JSON leaves U+2028 and U+2029 unescaped inside
 * strings, and from Node 24 on node:readline ends a line at each of them too, so it
 * split records in two wherever a text held one.
 */
export async function* readTextLines(file: string): AsyncGenerator<string> {
  for await (const line of splitLines(createReadStream(file), { skipBlankLines: false })) yield line.text;
}
