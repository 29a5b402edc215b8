/**
 * TypeScript Codex CLI sessions (generation G0): April - May 2025, before the Rust CLI.
 * A file `rollout-<date>-<uuid>.json` is one pretty-printed JSON document
 * `{session: {timestamp, id, instructions}, items: [ResponseItem...]}` that the CLI rewrote
 * whole after each change (2 s debounce), so the last write holds the whole session.
 * Items are OpenAI Responses SDK items (`message`, `function_call`, `function_call_output`,
 * `reasoning`, `local_shell_call`) and carry no timestamps; `session.timestamp` is the time
 * of the last save, not of the session start. Early builds drew a new id (and file) per
 * save, so one session can leave several files, each a prefix of the next.
 *
 * Being one document, such a file cannot go through the line decoder: read it whole,
 * `JSON.parse` it and hand the value to `decodeTsCliDocument`.
 */
import { z } from 'zod';
import type { IssueReporter } from './issue-reporter.js';
import type { RecordPosition, RolloutRecord } from './records.js';
import { sessionMetaSchema } from './session-header.js';
import { decodeResponseItem, describeZodError } from './wrapped.js';

const tsCliDocumentSchema = z.looseObject({
  session: sessionMetaSchema,
  items: z.array(z.unknown()),
});

/** True when a parsed JSON value is a TypeScript CLI session document. */
export function isTsCliDocument(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { session?: unknown; items?: unknown };
  return typeof candidate.session === 'object' && candidate.session !== null && Array.isArray(candidate.items);
}

/**
 * The records of a parsed G0 document: a session_meta, then one response_item per item.
 * Positions cannot be traced back to lines of the pretty-printed file, so every record
 * carries line 1, the start of the document.
 */
export function decodeTsCliDocument(document: unknown, report: IssueReporter): RolloutRecord[] {
  const parsed = tsCliDocumentSchema.safeParse(document);
  if (!parsed.success) {
    report(1, 'unsupported_format', `not a TypeScript Codex CLI session document {session, items}: ${describeZodError(parsed.error)}`);
    return [];
  }
  const { session, items } = parsed.data;
  const records: RolloutRecord[] = [
    {
      kind: 'session_meta',
      at: { line: 1, timestamp: session.timestamp ?? null },
      meta: { ...session, cwd: session.cwd ?? null, cli_version: session.cli_version ?? null },
    },
  ];
  for (const item of items) {
    const at: RecordPosition = { line: 1, timestamp: null };
    const record = decodeResponseItem(item, at, 'session', report);
    if (record) records.push(record);
  }
  return records;
}
