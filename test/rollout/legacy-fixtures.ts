/** Shared helpers of the legacy decoder tests: decode real fixture files and summarize records. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IssueCode } from '../../src/issues.js';
import { readLines, splitLines } from '../../src/read/lines.js';
import type { RawLine } from '../../src/read/raw-line.js';
import { RolloutDecoder } from '../../src/rollout/decode.js';
import type { RolloutRecord } from '../../src/rollout/records.js';

export const LEGACY_FIXTURES = fileURLToPath(new URL('../../fixtures/legacy/', import.meta.url));

export type ReportedIssue = { line: number | null; code: IssueCode; message: string };

export type DecodedFile = {
  /** Every record but the `response_completed` markers, which are listed apart. */
  records: RolloutRecord[];
  /** Response ids of the `response_completed` markers decoded from state lines, in order. */
  completedResponses: string[];
  issues: ReportedIssue[];
  decoder: RolloutDecoder;
};

export async function decodeRawLines(lines: AsyncIterable<RawLine>): Promise<DecodedFile> {
  const issues: ReportedIssue[] = [];
  const decoder = new RolloutDecoder((line, code, message) => issues.push({ line, code, message }));
  const records: RolloutRecord[] = [];
  const completedResponses: string[] = [];
  for await (const raw of lines) {
    for (const record of decoder.push(raw)) {
      if (record.kind === 'response_completed') completedResponses.push(record.responseId);
      else records.push(record);
    }
  }
  return { records, completedResponses, issues, decoder };
}

export function decodeFile(file: string): Promise<DecodedFile> {
  return decodeRawLines(readLines(file));
}

/** Decodes text as if it were a file's bytes (the last line is unterminated unless the text ends with `\n`). */
export function decodeText(text: string): Promise<DecodedFile> {
  return decodeRawLines(splitLines(chunksOf(text)));
}

async function* chunksOf(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text, 'utf8');
}

/** The rollout files of one fixture scenario, sorted by name. */
export function fixtureRollouts(version: string, scenario: string): string[] {
  const dir = path.join(LEGACY_FIXTURES, version, scenario);
  return readdirSync(dir)
    .filter((name) => name.startsWith('rollout-') && name.endsWith('.jsonl'))
    .sort()
    .map((name) => path.join(dir, name));
}

export function readFixtureText(file: string): string {
  return readFileSync(file, 'utf8');
}

/** Every (version, scenario) directory under fixtures/legacy. */
export function listFixtureScenarios(): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const version of readdirSync(LEGACY_FIXTURES).sort()) {
    for (const scenario of readdirSync(path.join(LEGACY_FIXTURES, version)).sort()) pairs.push([version, scenario]);
  }
  return pairs;
}

/**
 * One short label per record: `session_meta`, `message:user`, `function_call:shell:call_x`,
 * `function_call_output:call_x`, `local_shell_call:call_x`, `reasoning`, `event_msg:agent_message`.
 */
export function labelRecord(record: RolloutRecord): string {
  switch (record.kind) {
    case 'response_item': {
      const item = record.item;
      switch (item.type) {
        case 'message':
          return `message:${item.role}`;
        case 'function_call':
        case 'custom_tool_call':
          return `${item.type}:${item.name}:${item.call_id}`;
        case 'function_call_output':
        case 'custom_tool_call_output':
        case 'local_shell_call':
          return `${item.type}:${item.call_id ?? ''}`;
        default:
          return item.type;
      }
    }
    case 'event_msg':
      return `event_msg:${record.event.type}`;
    default:
      return record.kind;
  }
}
