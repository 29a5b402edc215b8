import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseThreadEventLine, serializeThreadEvent } from '../../src/translate/thread-event-json.js';
import { threadEventSchema, type ThreadEvent } from '../../src/translate/thread-events.js';

const FIXTURES = new URL('../../fixtures/exec-json/', import.meta.url);

/** Every line of the real exec output kept in fixtures/exec-json. */
function readAllExecLines(): { file: string; line: string }[] {
  const out: { file: string; line: string }[] = [];
  for (const entry of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const label = entry.name;
    for (const name of readdirSync(new URL(`${label}/`, FIXTURES))) {
      if (!name.endsWith('.jsonl')) continue;
      const text = readFileSync(new URL(`${label}/${name}`, FIXTURES), 'utf8');
      for (const line of text.split('\n')) if (line !== '') out.push({ file: `${label}/${name}`, line });
    }
  }
  return out;
}

const lines = readAllExecLines();

describe('ThreadEvent schemas and the exec line format', () => {
  it('has real exec output to check', () => {
    expect(lines.length).toBeGreaterThan(300);
  });

  it('parses every real exec line and prints it back byte for byte', () => {
    for (const { file, line } of lines) {
      expect(serializeThreadEvent(parseThreadEventLine(line)), file).toBe(line);
    }
  });

  it('keeps both ids of a 0.100+ web_search item', () => {
    const line = lines.find((l) => l.file === '0.169.0/web-search.jsonl' && l.line.includes('item.completed') && l.line.includes('web_search'));
    const event = parseThreadEventLine(line?.line ?? '');
    expect(event).toMatchObject({ item: { id: 'item_1', raw_id: 'ws_mwq0vvicg0', query: 'rust 2024 edition release date' } });
  });

  it('publishes a JSON Schema that accepts every real exec line', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(z.toJSONSchema(threadEventSchema));
    for (const { file, line } of lines) {
      expect(validate(JSON.parse(line)), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('rejects what exec never prints', () => {
    const item = { id: 'item_0', type: 'command_execution', command: 'ls', aggregated_output: '', exit_code: null };
    expect(threadEventSchema.safeParse({ type: 'item.started', item: { ...item, status: 'in_progress' } }).success).toBe(true);
    expect(threadEventSchema.safeParse({ type: 'item.started', item: { ...item, status: 'running' } }).success).toBe(false);
    expect(threadEventSchema.safeParse({ type: 'item.started', item: { ...item, status: 'completed', cwd: '/' } }).success).toBe(false);
    expect(threadEventSchema.safeParse({ type: 'turn.completed', usage: { input_tokens: 1, cached_input_tokens: 0 } }).success).toBe(false);
    expect(threadEventSchema.safeParse({ type: 'item.completed', item: { id: 'item_0', type: 'user_message', text: 'hi' } }).success).toBe(false);
  });

  it('prints exec key order whatever order the event was built in', () => {
    const event = {
      item: {
        status: 'completed',
        error: null,
        result: { structured_content: null, content: [{ type: 'text', text: 'ok' }] },
        arguments: { b: 1, a: 2 },
        tool: 'echo',
        server: 'tiny',
        type: 'mcp_tool_call',
        id: 'item_3',
      },
      type: 'item.completed',
    } as const satisfies ThreadEvent;
    expect(serializeThreadEvent(event)).toBe(
      '{"type":"item.completed","item":{"id":"item_3","type":"mcp_tool_call","server":"tiny","tool":"echo","arguments":{"b":1,"a":2},"result":{"content":[{"type":"text","text":"ok"}],"structured_content":null},"error":null,"status":"completed"}}',
    );
    const usage = { type: 'turn.completed', usage: { reasoning_output_tokens: 5, output_tokens: 4, cache_write_input_tokens: 3, cached_input_tokens: 2, input_tokens: 1 } } as const;
    expect(serializeThreadEvent(usage)).toBe(
      '{"type":"turn.completed","usage":{"input_tokens":1,"cached_input_tokens":2,"cache_write_input_tokens":3,"output_tokens":4,"reasoning_output_tokens":5}}',
    );
  });

  it('escapes strings the way serde_json does', () => {
    const text = 'quote " backslash \\ newline \n tab \t bell \u0007 del \u007f é 🚀 </script>';
    expect(serializeThreadEvent({ type: 'error', message: text })).toBe(
      '{"type":"error","message":"quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007 del \u007f é 🚀 </script>"}',
    );
  });
});
