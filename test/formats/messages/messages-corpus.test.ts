/**
 * The whole oracle corpus (and the extra recordings: async messages, a fork, sub-agents)
 * converted to chat messages by the real pipeline: one row per session, in input order,
 * each valid against the published schema and the messages rules, and its values are the
 * record's: the system instructions first, every user input, every model call with its
 * exact name and arguments, every output as a tool message answering an earlier call
 * (same text), the reasoning, and the session's metadata and tools.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaValidators } from '../../../src/check/schema-validators.js';
import { convert, type RunReport } from '../../../src/convert/convert.js';
import { checkMessagesRules } from '../../../src/formats/messages/messages-rules.js';
import type { ChatMessage, MessagesRow } from '../../../src/trajectory/messages-schema.js';
import type { TrajectoryRecord, TrajectoryStep } from '../../../src/trajectory/rl-schema.js';
import { convertToRecords, REPO_ROOT } from '../../trajectory/convert-records.js';

const INPUTS = ['fixtures/oracle', 'fixtures/oracle-extra'];

let dir: string;
let report: RunReport;
let rows: MessagesRow[];
let records: TrajectoryRecord[];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-messages-'));
  report = await convert({ inputs: INPUTS, format: 'messages', outDir: dir, discover: { cwd: REPO_ROOT, env: {} } });
  rows = readFileSync(path.join(dir, 'messages.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as MessagesRow);
  records = (await convertToRecords(INPUTS)).records;
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The record steps the model itself emitted or read (code mode's nested actions are neither). */
function modelLevel(record: TrajectoryRecord): TrajectoryStep[] {
  return record.trajectory.filter((step) => !('parent_call_id' in step && step.parent_call_id !== undefined));
}

function assistants(row: MessagesRow): Extract<ChatMessage, { role: 'assistant' }>[] {
  return row.messages.filter((m): m is Extract<ChatMessage, { role: 'assistant' }> => m.role === 'assistant');
}

describe('the oracle corpus as chat messages', () => {
  it('is one row per session, in input order, each valid against the published schema and the rules', () => {
    expect(rows.length).toBeGreaterThan(200);
    expect(rows.length).toBe(report.sessions);
    expect(rows.map((row) => row.session_id)).toEqual(records.map((record) => record.session_id));
    const validate = createSchemaValidators()('messages');
    for (const row of rows) {
      expect(validate(row), row.session_id).toEqual([]);
      expect(checkMessagesRules(row), row.session_id).toEqual([]);
    }
  });

  it('answers every tool message with the id of a tool call of an earlier assistant message', () => {
    let toolMessages = 0;
    for (const row of rows) {
      const called = new Map<string, string>();
      for (const message of row.messages) {
        if (message.role === 'assistant') for (const call of message.tool_calls ?? []) called.set(call.id, call.function.name);
        if (message.role === 'tool') {
          expect(called.get(message.tool_call_id), `${row.session_id} ${message.tool_call_id}`).toBe(message.name);
          toolMessages += 1;
        }
      }
    }
    expect(toolMessages).toBeGreaterThan(200);
  });

  it('holds the record: system instructions first, every input, every call and output, the reasoning', () => {
    rows.forEach((row, index) => {
      const record = records[index]!;
      const steps = modelLevel(record);
      if (record.system_instructions !== null) expect(row.messages[0]).toEqual({ role: 'system', content: record.system_instructions, kind: 'system_instructions' });
      const calls = assistants(row).flatMap((m) => m.tool_calls ?? []);
      // A call recorded without an id (a web search) gets one, numbered in the session.
      let synthesized = 0;
      const expectedCalls = steps.flatMap((s) =>
        s.type === 'tool_call' || s.type === 'shell_command' ? [{ id: s.call_id ?? `rollout-kit-call-${++synthesized}`, name: s.name, arguments: s.arguments ?? '' }] : [],
      );
      expect(calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }))).toEqual(expectedCalls);
      const outputs = row.messages.flatMap((m) => (m.role === 'tool' ? [{ id: m.tool_call_id, content: m.content }] : []));
      expect(outputs).toEqual(steps.flatMap((s) => (s.type === 'tool_output' ? [{ id: s.call_id, content: s.output }] : [])));
      const userInput = row.messages.flatMap((m) => (m.role === 'user' && m.kind === undefined ? [m.content] : []));
      expect(userInput).toEqual(steps.flatMap((s) => (s.type === 'user_message' ? [s.content] : [])));
      const context = row.messages.flatMap((m) => (m.role !== 'assistant' && m.role !== 'tool' && m.kind !== undefined && m.kind !== 'system_instructions' ? [m.content] : []));
      expect(context).toEqual(steps.flatMap((s) => (s.type === 'context' || s.type === 'inter_agent_message' ? [s.content] : s.type === 'compaction' ? [s.summary ?? ''] : [])));
      const said = assistants(row).map((m) => m.content).filter((text) => text !== '');
      expect(said).toEqual(steps.flatMap((s) => (s.type === 'assistant_message' && s.delivery !== 'async' && s.content !== '' ? [s.content] : [])));
      const reasoning = assistants(row).flatMap((m) => (m.reasoning_content === undefined ? [] : [m.reasoning_content]));
      expect(reasoning.join('\n\n')).toBe(steps.flatMap((s) => (s.type === 'reasoning' ? [s.content] : [])).join('\n\n'));
    });
  });

  it('never makes code mode\'s nested actions tool calls: the model called exec and read its output', () => {
    const codeMode = records.flatMap((record, index) => (record.trajectory.some((s) => 'parent_call_id' in s && s.parent_call_id !== undefined) ? [index] : []));
    expect(codeMode.length).toBeGreaterThan(5);
    for (const index of codeMode) {
      const nestedIds = new Set(records[index]!.trajectory.flatMap((s) => ('parent_call_id' in s && s.parent_call_id !== undefined && s.call_id !== null ? [s.call_id] : [])));
      const ids = assistants(rows[index]!).flatMap((m) => (m.tool_calls ?? []).map((c) => c.id));
      expect(ids.filter((id) => nestedIds.has(id))).toEqual([]);
      expect(assistants(rows[index]!).flatMap((m) => (m.tool_calls ?? []).map((c) => c.function.name))).toContain('exec');
    }
  });

  it('puts reasoning on the assistant message that follows it, and one response\'s text and calls in one message', () => {
    const parallel = rows[records.findIndex((r) => r.source_path.includes('0.130.0/parallel-shell/'))]!;
    const calls = assistants(parallel).map((m) => (m.tool_calls ?? []).map((c) => c.id));
    expect(calls).toEqual([['call_parallelshell_1', 'call_parallelshell_2'], []]);
    const withReasoning = rows.flatMap((row) => assistants(row)).filter((m) => m.reasoning_content !== undefined);
    expect(withReasoning.length).toBeGreaterThan(50);
    expect(withReasoning.some((m) => m.content !== '' && m.tool_calls === undefined)).toBe(true);
    expect(withReasoning.some((m) => m.tool_calls !== undefined)).toBe(true);
  });

  it('carries the session metadata and the tools the model was offered', () => {
    rows.forEach((row, index) => {
      const record = records[index]!;
      expect({ ...row, messages: undefined }).toEqual({
        messages: undefined,
        session_id: record.session_id,
        tools: record.tools?.map((t) => ({ type: t.type, function: { name: t.name, description: t.description, parameters: t.parameters }, namespace: t.namespace })) ?? null,
        model: record.model,
        outcome: record.outcome,
        success: record.success,
        usage: record.usage,
        turn_count: record.turn_count,
        cli_version: record.cli_version,
        started_at: record.started_at,
        parent_session_id: record.parent_session_id,
      });
    });
    const withTools = rows.filter((row) => row.tools !== null);
    expect(withTools.length).toBeGreaterThan(10);
    // A tool's parameters are JSON text, as the record holds them.
    for (const row of withTools) for (const tool of row.tools!) if (tool.function.parameters !== null) expect(() => JSON.parse(tool.function.parameters!) as unknown).not.toThrow();
  });

  it('writes a dataset card naming messages*.jsonl and a manifest without step counts', () => {
    const card = readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(card).toContain('    path: messages*.jsonl');
    expect(card).toContain('chat messages in the OpenAI format');
    expect(card).not.toContain('## Steps by type');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { format: string; record_schema: string; files: { path: string; rows: number | null }[] };
    expect(manifest.format).toBe('messages');
    expect(manifest.record_schema).toMatch(/\/messages\.schema\.json$/);
    expect(manifest.files.find((f) => f.path === 'messages.jsonl')?.rows).toBe(rows.length);
  });

  it('marks a Desktop fork\'s copied messages with --keep-copied, and leaves them out without it', async () => {
    const fork = path.join(REPO_ROOT, 'fixtures/graph/desktop-forked-subagent');
    const read = async (keepCopied: boolean): Promise<MessagesRow[]> => {
      const out = path.join(dir, `fork-${keepCopied}`);
      await convert({ inputs: [fork], format: 'messages', outDir: out, keepCopied });
      return readFileSync(path.join(out, 'messages.jsonl'), 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as MessagesRow);
    };
    const copied = (rows: MessagesRow[]) => rows.flatMap((row) => row.messages).filter((message) => (message as { is_copied_context?: boolean }).is_copied_context === true);
    expect(copied(await read(true)).length).toBeGreaterThan(0);
    expect(copied(await read(false))).toEqual([]);
  });
});
