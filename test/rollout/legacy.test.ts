import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RolloutRecord } from '../../src/rollout/records.js';

import {
  decodeFile,
  decodeText,
  fixtureRollouts,
  labelRecord,
  listFixtureScenarios,
  readFixtureText,
} from './legacy-fixtures.js';

const RUN_TOGETHER = '2 JSON objects run together on one line (a damaged Codex 0.8 write): all of them were recovered';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

function uuidOfFileName(file: string): string {
  const match = UUID.exec(path.basename(file));
  if (!match) throw new Error(`no session id in ${file}`);
  return match[0];
}

function itemsOf(records: RolloutRecord[]) {
  return records.flatMap((record) => (record.kind === 'response_item' ? [record.item] : []));
}

function textOf(record: RolloutRecord | undefined): string | undefined {
  if (record?.kind !== 'response_item' || record.item.type !== 'message') return undefined;
  return record.item.content.map((part) => part.text ?? '').join('');
}

describe('legacy rollouts (Codex 0.8 - 0.29): every fixture file', () => {
  const files = listFixtureScenarios().flatMap(([version, scenario]) =>
    fixtureRollouts(version, scenario).map((file) => ({ name: `${version}/${scenario}/${path.basename(file).slice(0, 37)}`, file })),
  );

  it('the fixture set is the one described in the task', () => {
    expect(files).toHaveLength(17);
  });

  it('turns a state line naming a new previous_response_id into one response_completed marker (0.8 lost the response items)', async () => {
    const [file] = fixtureRollouts('0.8.0', 'interrupted');
    const text = readFixtureText(file ?? '');
    const ids = [...text.matchAll(/"previous_response_id":"([^"]+)"/g)].map((match) => match[1]);
    const { completedResponses } = await decodeFile(file ?? '');
    expect(completedResponses.length).toBeGreaterThan(0);
    expect(completedResponses).toEqual([...new Set(ids)]);
  });

  it.each(files)('$name: decodes as legacy, header -> session_meta, items untimed, nothing lost', async ({ file }) => {
    const { records, issues, decoder } = await decodeFile(file);
    // 0.8 multi-turn holds two objects run together on line 9: both recovered, the line reported.
    expect(issues).toEqual(file.includes('/0.8.0/multi-turn/') ? [{ line: 9, code: 'invalid_json', message: RUN_TOGETHER }] : []);
    expect(decoder.generation).toBe('legacy');

    const [first, ...rest] = records;
    expect(first?.kind).toBe('session_meta');
    if (first?.kind !== 'session_meta') return;
    expect(first.meta.id).toBe(uuidOfFileName(file));
    expect(first.at).toEqual({ line: 1, timestamp: first.meta.timestamp });
    expect(first.at.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(first.meta.cwd).toBeNull();
    expect(first.meta.cli_version).toBeNull();
    expect(first.meta.instructions).toBeNull();

    for (const record of rest) {
      expect(record.kind).toBe('response_item');
      expect(record.at.timestamp).toBeNull();
      if (record.kind === 'response_item') expect(record.origin).toBe('session');
    }
    // Every parsed object became a record except the state snapshots, which at most mark a finished response.
    const stateLines = readFixtureText(file).split('"record_type":"state"').length - 1;
    expect(stateLines).toBeGreaterThan(0);
    expect(decoder.parsedCount).toBe(records.length + stateLines);

    // Every tool output follows the call it answers.
    const calls = new Set<string>();
    for (const item of itemsOf(records)) {
      if (item.type === 'function_call' || item.type === 'local_shell_call') calls.add(item.call_id ?? '');
      if (item.type === 'function_call_output') expect(calls.has(item.call_id)).toBe(true);
    }
  });

  it('G3 headers (0.20, 0.29) keep their flattened git info on the meta', async () => {
    const [file] = fixtureRollouts('0.20.0', 'shell-ok');
    const { records } = await decodeFile(file!);
    const meta = records[0]?.kind === 'session_meta' ? records[0].meta : undefined;
    expect(meta).toMatchObject({ git: { branch: 'main', commit_hash: expect.stringMatching(/^[0-9a-f]{40}$/) } });
  });
});

describe('record sequences per version', () => {
  const expected: Record<string, string[]> = {
    // 0.8 (G2, codex-mini-latest): the local_shell tool, no reasoning persisted, and the
    // binary panics on exit, losing the final assistant message of most runs.
    '0.8.0/message': ['session_meta', 'message:user', 'message:assistant'],
    '0.8.0/shell-ok': ['session_meta', 'message:user', 'local_shell_call:call_shellok_1', 'function_call_output:call_shellok_1'],
    '0.8.0/apply-patch': [
      'session_meta',
      'message:user',
      'local_shell_call:call_applypatch_1',
      'function_call_output:call_applypatch_1',
      'local_shell_call:call_applypatch_2',
      'function_call_output:call_applypatch_2',
    ],
    '0.8.0/multi-turn': [
      'session_meta',
      'message:user',
      'local_shell_call:call_multiturn_1',
      'function_call_output:call_multiturn_1',
      'message:user',
    ],
    '0.8.0/interrupted': ['session_meta', 'message:user', 'local_shell_call:call_interrupted_1', 'function_call_output:call_interrupted_1'],
    '0.8.0/mcp': [
      'session_meta',
      'message:user',
      'function_call:tiny__echo:call_mcp_1',
      'function_call_output:call_mcp_1',
      'function_call:tiny__fail:call_mcp_2',
      'function_call_output:call_mcp_2',
    ],
    // 0.20 (G3, gpt-5): the `shell` function tool, reasoning items, git in the header.
    '0.20.0/message': ['session_meta', 'message:user', 'reasoning', 'message:assistant'],
    '0.20.0/shell-ok': [
      'session_meta',
      'message:user',
      'reasoning',
      'function_call:shell:call_shellok_1',
      'function_call_output:call_shellok_1',
      'message:assistant',
    ],
    '0.20.0/apply-patch': [
      'session_meta',
      'message:user',
      'reasoning',
      'function_call:shell:call_applypatch_1',
      'function_call_output:call_applypatch_1',
      'reasoning',
      'function_call:shell:call_applypatch_2',
      'function_call_output:call_applypatch_2',
      'message:assistant',
    ],
    '0.20.0/multi-turn': [
      'session_meta',
      'message:user',
      'reasoning',
      'function_call:shell:call_multiturn_1',
      'function_call_output:call_multiturn_1',
      'message:assistant',
      'message:user',
      'reasoning',
      'message:assistant',
    ],
    '0.20.0/interrupted': ['session_meta', 'message:user', 'function_call:shell:call_interrupted_1', 'function_call_output:call_interrupted_1'],
    // 0.29 (G3): an <environment_context> user message precedes the prompt.
    '0.29.0/message': ['session_meta', 'message:user', 'message:user', 'reasoning', 'message:assistant'],
    '0.29.0/shell-ok': [
      'session_meta',
      'message:user',
      'message:user',
      'reasoning',
      'function_call:shell:call_shellok_1',
      'function_call_output:call_shellok_1',
      'message:assistant',
    ],
    '0.29.0/apply-patch': [
      'session_meta',
      'message:user',
      'message:user',
      'reasoning',
      'function_call:shell:call_applypatch_1',
      'function_call_output:call_applypatch_1',
      'reasoning',
      'function_call:shell:call_applypatch_2',
      'function_call_output:call_applypatch_2',
      'message:assistant',
    ],
    '0.29.0/interrupted': [
      'session_meta',
      'message:user',
      'message:user',
      'function_call:shell:call_interrupted_1',
      'function_call_output:call_interrupted_1',
    ],
  };

  it.each(Object.entries(expected))('%s', async (key, labels) => {
    const [version, scenario] = key.split('/') as [string, string];
    const [file, ...others] = fixtureRollouts(version, scenario);
    expect(others).toEqual([]);
    const { records } = await decodeFile(file!);
    expect(records.map(labelRecord)).toEqual(labels);
  });

  it('0.8 and 0.20 write apply_patch as a shell argv (local_shell_call action / shell arguments)', async () => {
    const old = itemsOf((await decodeFile(fixtureRollouts('0.8.0', 'apply-patch')[0]!)).records);
    const patchCall = old.find((item) => item.type === 'local_shell_call' && item.call_id === 'call_applypatch_2');
    expect(patchCall?.type === 'local_shell_call' && patchCall.action.command[0]).toBe('apply_patch');
    expect(patchCall?.type === 'local_shell_call' && patchCall.action.command[1]).toMatch(/^\*\*\* Begin Patch\n/);

    const g3 = itemsOf((await decodeFile(fixtureRollouts('0.20.0', 'apply-patch')[0]!)).records);
    const shellCall = g3.find((item) => item.type === 'function_call' && item.call_id === 'call_applypatch_2');
    const args = shellCall?.type === 'function_call' ? (JSON.parse(shellCall.arguments ?? '') as { command: string[] }) : undefined;
    expect(args?.command[0]).toBe('apply_patch');
  });

  it('0.29 puts the <environment_context> message before the prompt', async () => {
    const { records } = await decodeFile(fixtureRollouts('0.29.0', 'message')[0]!);
    expect(textOf(records[1])).toMatch(/^<environment_context>\n {2}<cwd>\/home\/user\/project<\/cwd>/);
    expect(textOf(records[2])).toBe('Say hello and explain what you can do in one sentence.');
  });
});

describe('damaged 0.8 files', () => {
  it('0.8.0 multi-turn: two state objects run together on line 9 after the resume are reported; the turn-2 prompt still decodes', async () => {
    const [file] = fixtureRollouts('0.8.0', 'multi-turn');
    const lines = readFixtureText(file!).split('\n');
    expect(lines[8]).toMatch(/^\{"record_type":"state"[^\n]*\}\{"record_type":"state"/);

    const { records, issues, decoder } = await decodeFile(file!);
    expect(issues).toEqual([{ line: 9, code: 'invalid_json', message: RUN_TOGETHER }]);
    expect(decoder.parsedCount).toBe(13);
    const last = records.at(-1);
    expect(last?.at).toEqual({ line: 10, timestamp: null });
    expect(textOf(last)).toBe('Second: now say goodbye.');
  });

  it.each([
    ['0.8.0', 'shell-ok'],
    ['0.8.0', 'apply-patch'],
    ['0.8.0', 'mcp'],
  ])('%s %s: no final newline, the last object is complete and nothing is reported', async (version, scenario) => {
    const [file] = fixtureRollouts(version, scenario);
    const text = readFixtureText(file!);
    expect(text.endsWith('}')).toBe(true);
    const { records, issues, decoder } = await decodeFile(file!);
    expect(issues).toEqual([]);
    const lineCount = text.split('\n').length;
    // The last line (a state snapshot) parsed: every line was read.
    expect(decoder.parsedCount).toBe(lineCount);
    expect(records.at(-1)?.kind).toBe('response_item');
  });

  it('a cut-off last object yields one truncated_line issue and every complete line before it', async () => {
    const [file] = fixtureRollouts('0.8.0', 'message');
    const whole = readFixtureText(file!);
    const complete = await decodeText(whole);
    const cut = whole.slice(0, whole.trimEnd().length - 40);

    const { records, issues } = await decodeText(cut);
    const lastLine = cut.split('\n').length;
    expect(issues).toEqual([{ line: lastLine, code: 'truncated_line', message: expect.stringContaining('cut short') }]);
    expect(records.map(labelRecord)).toEqual(['session_meta', 'message:user']);
    expect(records).toEqual(complete.records.slice(0, 2));
  });

  it('a resumed write cut short after a complete object: the complete object is kept, the tail reported', async () => {
    // 0.8 left shell-ok's last line (a state snapshot) without a newline; a resumed process would
    // append its first object to that line. Here that append was itself cut short.
    const [file] = fixtureRollouts('0.8.0', 'shell-ok');
    const text = readFixtureText(file!);
    const prompt = '{"type":"message","role":"user","content":[{"type":"input_text","text":"Second: now say goodbye."}]}';
    const damaged = text + prompt.slice(0, 50);
    const before = await decodeFile(file!);

    const { records, issues, decoder } = await decodeText(damaged);
    expect(records).toEqual(before.records);
    expect(decoder.parsedCount).toBe(before.decoder.parsedCount);
    const lastLine = text.split('\n').length;
    expect(issues).toEqual([
      { line: lastLine, code: 'truncated_line', message: expect.stringMatching(/1 complete JSON object.*\(50 characters\)/) },
    ]);

    // Once complete and terminated, the same line yields both objects, still reported as run together.
    const repaired = await decodeText(`${text}${prompt}\n`);
    expect(repaired.issues).toEqual([{ line: lastLine, code: 'invalid_json', message: RUN_TOGETHER }]);
    expect(repaired.records.map(labelRecord).slice(-2)).toEqual(['function_call_output:call_shellok_1', 'message:user']);
    expect(repaired.records.at(-1)?.at.line).toBe(lastLine);
  });

  it('an unparseable line in the middle is reported as invalid_json and decoding goes on', async () => {
    const [file] = fixtureRollouts('0.20.0', 'shell-ok');
    const lines = readFixtureText(file!).split('\n');
    lines[2] = lines[2]!.slice(0, 30); // the user prompt, cut short
    const { records, issues } = await decodeText(lines.join('\n'));
    expect(issues).toEqual([{ line: 3, code: 'invalid_json', message: expect.stringContaining('not valid JSON') }]);
    expect(records.map(labelRecord)).toEqual([
      'session_meta',
      'reasoning',
      'function_call:shell:call_shellok_1',
      'function_call_output:call_shellok_1',
      'message:assistant',
    ]);
  });
});

describe('0.29 resume writes a second file', () => {
  it('the resumed file has a new session id and repeats turn 1 before turn 2', async () => {
    const files = fixtureRollouts('0.29.0', 'multi-turn');
    expect(files).toHaveLength(2);
    const decoded = await Promise.all(files.map((file) => decodeFile(file)));
    for (const { issues } of decoded) expect(issues).toEqual([]);
    const [resumed, original] = decoded.map(({ records }) => records) as [RolloutRecord[], RolloutRecord[]];
    const metaOf = (records: RolloutRecord[]) => (records[0]?.kind === 'session_meta' ? records[0].meta : undefined);

    expect(metaOf(original)?.id).toBe('d052d7f7-b986-4d63-85d4-0e868f68bda9');
    expect(metaOf(resumed)?.id).toBe('b022a10d-e68b-44e5-9217-11887e5af1c4');
    expect(Date.parse(metaOf(resumed)!.timestamp!)).toBeGreaterThan(Date.parse(metaOf(original)!.timestamp!));

    const turnOne = itemsOf(original);
    expect(turnOne.map((item) => item.type)).toEqual(['message', 'message', 'reasoning', 'function_call', 'function_call_output', 'message']);
    const resumedItems = itemsOf(resumed);
    expect(resumedItems.slice(0, turnOne.length)).toEqual(turnOne);
    expect(resumed.slice(1).map(labelRecord).slice(turnOne.length)).toEqual(['message:user', 'reasoning', 'message:assistant']);
    expect(textOf(resumed.at(-3))).toBe('Second: now say goodbye.');
    expect(textOf(resumed.at(-1))).toBe('Goodbye from turn two!');
  });
});
