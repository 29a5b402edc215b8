import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_ALIASES, persistedEventSchema } from '../../src/rollout/persisted-event.js';
import { isPlainEvent, isPlainResponseItem, isPlainSessionMeta, isPlainTurnContext } from '../../src/rollout/plain-payload.js';
import { responseItemSchema } from '../../src/rollout/response-item.js';
import { sessionMetaSchema, turnContextSchema } from '../../src/rollout/session-header.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function listRollouts(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) listRollouts(file, out);
    else if (name.endsWith('.jsonl')) out.push(file);
  }
  return out;
}

/** Every `response_item`, `event_msg`, `session_meta` and `turn_context` payload of the real fixtures. */
function readPayloads(): { items: unknown[]; events: unknown[]; metas: unknown[]; contexts: unknown[] } {
  const items: unknown[] = [];
  const events: unknown[] = [];
  const metas: unknown[] = [];
  const contexts: unknown[] = [];
  for (const file of [...listRollouts(path.join(FIXTURES, 'oracle')), ...listRollouts(path.join(FIXTURES, 'samples'))]) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      let value: { type?: unknown; payload?: { type?: unknown } };
      try {
        value = JSON.parse(line) as typeof value;
      } catch {
        continue;
      }
      if (value.type === 'response_item') items.push(value.payload);
      if (value.type === 'session_meta') metas.push(value.payload);
      if (value.type === 'turn_context') contexts.push(value.payload);
      if (value.type === 'event_msg' && typeof value.payload?.type === 'string') {
        const type = EVENT_TYPE_ALIASES[value.payload.type] ?? value.payload.type;
        events.push({ ...value.payload, type });
      }
    }
  }
  return { items, events, metas, contexts };
}

describe('plain payload checks', () => {
  const { items, events, metas, contexts } = readPayloads();

  it('accept the real session headers and turn contexts, each one zod accepts with the same values', () => {
    for (const [payloads, isPlain, schema] of [
      [metas, isPlainSessionMeta, sessionMetaSchema],
      [contexts, isPlainTurnContext, turnContextSchema],
    ] as const) {
      expect(payloads.length).toBeGreaterThan(20);
      for (const payload of payloads) {
        expect(isPlain(payload), JSON.stringify(payload).slice(0, 200)).toBe(true);
        expect(schema.parse(payload)).toStrictEqual(payload);
      }
    }
  });

  it('accept the real item_completed records (2026 paginated history) as plain', () => {
    const completed = events.filter((event) => (event as { type?: unknown }).type === 'item_completed');
    expect(completed.length).toBeGreaterThan(5);
    expect(completed.every((event) => isPlainEvent(event))).toBe(true);
  });

  const badHeaders: [string, (payload: unknown) => boolean, { safeParse(value: unknown): { success: boolean } }, unknown][] = [
    ['session_meta id a number', isPlainSessionMeta, sessionMetaSchema, { id: 1 }],
    ['session_meta an array', isPlainSessionMeta, sessionMetaSchema, []],
    ['session_meta base_instructions a string', isPlainSessionMeta, sessionMetaSchema, { id: 'x', base_instructions: 'text' }],
    ['session_meta base_instructions.text a number', isPlainSessionMeta, sessionMetaSchema, { base_instructions: { text: 1 } }],
    ['session_meta cli_version an object', isPlainSessionMeta, sessionMetaSchema, { cli_version: {} }],
    ['turn_context model a number', isPlainTurnContext, turnContextSchema, { model: 5 }],
    ['turn_context cwd an array', isPlainTurnContext, turnContextSchema, { cwd: ['/'] }],
    ['turn_context null', isPlainTurnContext, turnContextSchema, null],
  ];
  it.each(badHeaders)('refuse an invalid header (%s), which zod rejects', (_name, isPlain, schema, payload) => {
    expect(isPlain(payload)).toBe(false);
    expect(schema.safeParse(payload).success).toBe(false);
  });

  it('accept most real response items, each one zod accepts with the same values', () => {
    let plain = 0;
    for (const item of items) {
      if (!isPlainResponseItem(item)) continue;
      plain++;
      const parsed = responseItemSchema.safeParse(item);
      expect(parsed.success, JSON.stringify(item).slice(0, 200)).toBe(true);
      expect(parsed.data).toStrictEqual(item);
    }
    expect(items.length).toBeGreaterThan(200);
    expect(plain / items.length).toBeGreaterThan(0.8);
  });

  it('accept most real events, each one zod accepts with the same values', () => {
    let plain = 0;
    for (const event of events) {
      if (!isPlainEvent(event)) continue;
      plain++;
      const parsed = persistedEventSchema.safeParse(event);
      expect(parsed.success, JSON.stringify(event).slice(0, 200)).toBe(true);
      expect(parsed.data).toStrictEqual(event);
    }
    expect(events.length).toBeGreaterThan(200);
    expect(plain / events.length).toBeGreaterThan(0.5);
  });

  const badItems: [string, unknown][] = [
    ['message without role', { type: 'message', content: [] }],
    ['message content not an array', { type: 'message', role: 'user', content: 'hi' }],
    ['message part without type', { type: 'message', role: 'user', content: [{ text: 'x' }] }],
    ['message part text a number', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 1 }] }],
    ['reasoning summary not an array', { type: 'reasoning', summary: 'x' }],
    ['function_call arguments an object', { type: 'function_call', name: 'f', arguments: {}, call_id: 'c' }],
    ['function_call without call_id', { type: 'function_call', name: 'f', arguments: '{}' }],
    ['output a number', { type: 'function_call_output', call_id: 'c', output: 1 }],
    ['custom call input missing', { type: 'custom_tool_call', name: 'f', call_id: 'c' }],
  ];
  it.each(badItems)('refuse an invalid response item (%s), which zod rejects', (_name, item) => {
    expect(isPlainResponseItem(item)).toBe(false);
    expect(responseItemSchema.safeParse(item).success).toBe(false);
  });

  const badEvents: [string, unknown][] = [
    ['user_message without message', { type: 'user_message' }],
    ['agent_message phase a number', { type: 'agent_message', message: 'x', phase: 1 }],
    ['agent_reasoning text null', { type: 'agent_reasoning', text: null }],
    ['token_count usage field a string', { type: 'token_count', info: { total_token_usage: { input_tokens: '1' } } }],
    ['exec_command_end exit_code a string', { type: 'exec_command_end', call_id: 'c', exit_code: '0' }],
    ['exec_command_end duration an array', { type: 'exec_command_end', call_id: 'c', duration: [1] }],
    ['task_started turn_id a number', { type: 'task_started', turn_id: 1 }],
    ['item_completed without item', { type: 'item_completed' }],
    ['item_completed item without type', { type: 'item_completed', item: { id: 'i' } }],
    ['item_completed content part text null', { type: 'item_completed', item: { type: 'UserMessage', content: [{ type: 'text', text: null }] } }],
    ['item_completed content null', { type: 'item_completed', item: { type: 'AgentMessage', content: null } }],
    ['item_completed summary_text a string', { type: 'item_completed', item: { type: 'Reasoning', summary_text: 'x' } }],
    ['item_completed command a number', { type: 'item_completed', item: { type: 'CommandExecution', command: 1 } }],
    ['item_completed command null', { type: 'item_completed', item: { type: 'CommandExecution', command: null } }],
    ['item_completed exit_code a string', { type: 'item_completed', item: { type: 'CommandExecution', exit_code: '1' } }],
    ['item_completed changes a string', { type: 'item_completed', item: { type: 'FileChange', changes: 'x' } }],
    ['item_completed server null', { type: 'item_completed', item: { type: 'McpToolCall', server: null } }],
    ['item_completed result content null', { type: 'item_completed', item: { type: 'McpToolCall', result: { content: null } } }],
    ['item_completed result isError a string', { type: 'item_completed', item: { type: 'McpToolCall', result: { content: [], isError: 'no' } } }],
    ['item_completed text null', { type: 'item_completed', item: { type: 'Plan', text: null } }],
    ['item_completed turn_id a number', { type: 'item_completed', turn_id: 2, item: { type: 'Plan' } }],
  ];
  it.each(badEvents)('refuse an invalid event (%s), which zod rejects', (_name, event) => {
    expect(isPlainEvent(event)).toBe(false);
    expect(persistedEventSchema.safeParse(event).success).toBe(false);
  });

  /** The payload with one top-level key removed, nulled, retyped, or an extra key added. */
  function* mutationsOf(payload: unknown): Generator<unknown> {
    if (typeof payload !== 'object' || payload === null) return;
    const record = payload as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key === 'type') continue;
      const { [key]: _removed, ...rest } = record;
      yield rest;
      for (const value of [null, undefined, 1.5, 'x', ['x'], { type: 'x' }]) yield { ...record, [key]: value };
    }
    yield { ...record, extra_field: { nested: true } };
    yield JSON.parse(`${JSON.stringify(record).slice(0, -1)},"__proto__":{}}`);
  }

  it('agree with zod on mutated real payloads: a plain one is accepted by zod with the same values', () => {
    let plain = 0;
    let other = 0;
    for (const [payloads, isPlain, schema] of [
      [metas, isPlainSessionMeta, sessionMetaSchema],
      [contexts, isPlainTurnContext, turnContextSchema],
      [items, isPlainResponseItem, responseItemSchema],
      [events, isPlainEvent, persistedEventSchema],
    ] as const) {
      for (const payload of payloads.slice(0, 100)) {
        for (const mutated of mutationsOf(payload)) {
          if (!isPlain(mutated)) {
            other++;
            continue;
          }
          plain++;
          const parsed = schema.safeParse(mutated);
          expect(parsed.success, JSON.stringify(mutated).slice(0, 200)).toBe(true);
          expect(parsed.data).toStrictEqual(mutated);
        }
      }
    }
    expect(plain).toBeGreaterThan(500);
    expect(other).toBeGreaterThan(1000);
  });

  const defaulted: [string, unknown][] = [
    ['reasoning without summary', { type: 'reasoning' }],
    ['token usage missing a counter', { type: 'token_count', info: { total_token_usage: { input_tokens: 1 } } }],
    ['MCP result without content', { type: 'item_completed', item: { type: 'McpToolCall', result: { isError: false } } }],
  ];
  it.each(defaulted)('leave a payload zod fills defaults into to zod (%s)', (_name, payload) => {
    expect(isPlainResponseItem(payload) || isPlainEvent(payload)).toBe(false);
  });
});
