/** Real exec --json streams of fixtures/oracle for the comparator tests, and copies to perturb. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseJsonl, type JsonObject, type RawEvent } from '../../scripts/parity/thread-event-stream.js';

export const CORPUS = fileURLToPath(new URL('../../fixtures/oracle', import.meta.url));

export function readExec(cell: string, file = 'exec.jsonl'): RawEvent[] {
  return parseJsonl(readFileSync(`${CORPUS}/${cell}/${file}`, 'utf8')).events;
}

/** A deep copy whose objects can be edited; `raw` is rewritten from the object. */
export function copyStream(events: RawEvent[], edit?: (obj: JsonObject, index: number) => JsonObject | null): RawEvent[] {
  const out: RawEvent[] = [];
  events.forEach(({ obj }, index) => {
    const copy = JSON.parse(JSON.stringify(obj)) as JsonObject;
    const edited = edit ? edit(copy, index) : copy;
    if (edited) out.push({ obj: edited, raw: JSON.stringify(edited) });
  });
  return out;
}

export const itemOf = (obj: JsonObject): JsonObject => obj.item as JsonObject;
