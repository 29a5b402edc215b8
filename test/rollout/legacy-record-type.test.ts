/**
 * Forms without a real sample, built from a real 0.20.0 file: the unreleased PR #3214
 * `record_type` tagging, and lines the decoder must reject without stopping.
 */
import { describe, expect, it } from 'vitest';
import { decodeText, fixtureRollouts, labelRecord, readFixtureText } from './legacy-fixtures.js';

function fixtureObjects(): Array<Record<string, unknown>> {
  const [file] = fixtureRollouts('0.20.0', 'shell-ok');
  return readFixtureText(file!)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function toText(objects: unknown[]): string {
  return objects.map((object) => `${JSON.stringify(object)}\n`).join('');
}

describe('the unreleased PR #3214 record_type form', () => {
  it('maps session_meta, prev_session_meta, response and event lines', async () => {
    const [header, ...lines] = fixtureObjects();
    const items = lines.filter((object) => object.record_type === undefined);
    const [prompt, reasoning, call, output, answer] = items;
    const text = toText([
      { record_type: 'session_meta', ...header },
      { record_type: 'state' },
      { ...prompt, record_type: 'response' },
      reasoning,
      { record_type: 'event', id: '1', msg: { type: 'task_started', model_context_window: 272000 } },
      call,
      { record_type: 'event', id: '1', msg: { type: 'exec_command_begin', call_id: 'call_shellok_1' } },
      output,
      answer,
      { record_type: 'event', id: '1', msg: { type: 'agent_message', message: 'The command printed `hi`.' } },
      { record_type: 'prev_session_meta', id: 'parent-session', timestamp: '2025-09-01T10:00:00.000Z', instructions: 'be brief' },
    ]);

    const { records, issues, decoder } = await decodeText(text);
    expect(issues).toEqual([]);
    expect(decoder.generation).toBe('legacy');
    expect(records.map(labelRecord)).toEqual([
      'session_meta',
      'message:user',
      'reasoning',
      'event_msg:task_started',
      'function_call:shell:call_shellok_1',
      'function_call_output:call_shellok_1',
      'message:assistant',
      'event_msg:agent_message',
      'session_meta',
    ]);
    const [meta, userMessage] = records;
    expect(meta).toMatchObject({ kind: 'session_meta', at: { line: 1, timestamp: header!.timestamp }, meta: { id: header!.id } });
    expect(meta?.kind === 'session_meta' && 'record_type' in meta.meta).toBe(false);
    expect(userMessage?.kind === 'response_item' && 'record_type' in userMessage.item).toBe(false);
    expect(records[3]).toEqual({
      kind: 'event_msg',
      at: { line: 5, timestamp: null },
      event: { type: 'task_started', model_context_window: 272000 },
    });
    expect(records.at(-1)).toMatchObject({
      kind: 'session_meta',
      at: { line: 11, timestamp: '2025-09-01T10:00:00.000Z' },
      meta: { id: 'parent-session', instructions: 'be brief', cwd: null, cli_version: null },
    });
  });

  it('reports an unknown record_type and goes on', async () => {
    const [header, , prompt] = fixtureObjects();
    const { records, issues } = await decodeText(toText([header, { record_type: 'snapshot', data: 1 }, prompt]));
    expect(issues).toEqual([{ line: 2, code: 'unknown_type', message: 'unknown legacy record_type "snapshot" (line skipped)' }]);
    expect(records.map(labelRecord)).toEqual(['session_meta', 'message:user']);
  });
});

describe('bad legacy lines are reported, never fatal', () => {
  it('unknown item types, ignored item types, shapeless items and non-objects', async () => {
    const [header, state, prompt, ...rest] = fixtureObjects();
    const text = toText([
      header,
      state,
      { type: 'hologram_call', call_id: 'x' },
      { type: 'ghost_snapshot', ghost_commit: {} },
      { type: 'function_call', name: 'shell' },
      { role: 'user' },
      [1, 2],
      'a string',
      prompt,
      ...rest,
    ]);
    const { records, issues } = await decodeText(text);
    expect(issues.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 3, code: 'unknown_type' },
      { line: 5, code: 'invalid_shape' },
      { line: 6, code: 'invalid_shape' },
      { line: 7, code: 'invalid_shape' },
      { line: 8, code: 'invalid_shape' },
    ]);
    expect(issues[0]?.message).toContain('"hologram_call"');
    expect(records.map(labelRecord)).toEqual([
      'session_meta',
      'message:user',
      'reasoning',
      'function_call:shell:call_shellok_1',
      'function_call_output:call_shellok_1',
      'message:assistant',
    ]);
  });

  it('a header field of the wrong type is reported as invalid_shape and left out; the header still counts', async () => {
    const [, state, prompt] = fixtureObjects();
    const { records, issues, decoder } = await decodeText(toText([{ id: 'abc', timestamp: 42 }, state, prompt]));
    expect(decoder.generation).toBe('legacy');
    expect(issues).toEqual([{ line: 1, code: 'invalid_shape', message: 'legacy session header: timestamp: Invalid input: expected string, received number (field ignored)' }]);
    expect(records.map(labelRecord)).toEqual(['session_meta', 'message:user']);
    expect(records[0]).toMatchObject({ kind: 'session_meta', at: { line: 1, timestamp: null }, meta: { id: 'abc' } });
  });

  it('a header whose id is a number: the file is still legacy, the id is reported and left out', async () => {
    const [, state, prompt] = fixtureObjects();
    const { records, issues, decoder } = await decodeText(toText([{ id: 12345, timestamp: '2025-05-01T10:00:00.000Z', instructions: 'be brief' }, state, prompt]));
    expect(decoder.generation).toBe('legacy');
    expect(issues).toEqual([{ line: 1, code: 'invalid_shape', message: 'legacy session header: id: Invalid input: expected string, received number (field ignored)' }]);
    expect(records.map(labelRecord)).toEqual(['session_meta', 'message:user']);
    expect(records[0]).toMatchObject({ kind: 'session_meta', meta: { timestamp: '2025-05-01T10:00:00.000Z', instructions: 'be brief' } });
    expect(records[0]?.kind === 'session_meta' && records[0].meta.id).toBeFalsy();
  });
});
