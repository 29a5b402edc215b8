/**
 * The RL record reads only how a session ended from its replay, so RL conversions
 * replay without building tool execution events (SessionReplay `toolEvents: false`).
 * That must not change the result: the same outcome, error, turn count and usage as
 * the full replay, on every real rollout in the fixtures, decoded the ordinary way and
 * with raw tool outputs (as RL conversions decode them).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readByteLineBatches } from '../../src/read/lines.js';
import { RolloutDecoder } from '../../src/rollout/decode.js';
import type { RawToolOutputForm } from '../../src/rollout/tool-output-line.js';
import type { RolloutGeneration } from '../../src/rollout/detect.js';
import type { RolloutRecord } from '../../src/rollout/records.js';
import type { ReplayResult } from '../../src/replay/replay-result.js';
import { SessionReplay } from '../../src/replay/session-replay.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

async function listRollouts(): Promise<string[]> {
  const entries = await readdir(FIXTURES, { recursive: true });
  return entries.filter((f) => /rollout-.*\.jsonl$/.test(f)).map((f) => path.join(FIXTURES, f)).sort();
}

type Decoded = { records: RolloutRecord[]; generation: RolloutGeneration };

async function decodeRecords(file: string, rawToolOutputs: RawToolOutputForm | undefined): Promise<Decoded> {
  const decoder = new RolloutDecoder(() => undefined, { rawToolOutputs });
  const records: RolloutRecord[] = [];
  for await (const batch of readByteLineBatches(file)) for (const line of batch) records.push(...decoder.pushBytes(line));
  return { records, generation: decoder.generation ?? 'wrapped' };
}

function replay({ records, generation }: Decoded, toolEvents: boolean): ReplayResult & { events: number } {
  const session = new SessionReplay({ generation, toolEvents });
  let events = 0;
  for (const record of records) events += session.push(record).length;
  events += session.finish().length;
  return { ...session.result(), events };
}

describe('SessionReplay without tool events', () => {
  it('ends every real rollout exactly as the full replay does', async () => {
    const files = await listRollouts();
    expect(files.length).toBeGreaterThan(30);
    let toolEventsSkipped = 0;
    for (const file of files) {
      for (const raw of [undefined, 'json', 'utf8'] as const) {
        const decoded = await decodeRecords(file, raw);
        const { events: fullEvents, ...full } = replay(decoded, true);
        const { events: fewerEvents, ...outcomeOnly } = replay(decoded, false);
        expect(outcomeOnly, `${path.relative(FIXTURES, file)} (raw tool outputs: ${raw})`).toEqual(full);
        expect(fewerEvents).toBeLessThanOrEqual(fullEvents);
        if (fewerEvents < fullEvents) toolEventsSkipped++;
      }
    }
    // The fixtures hold tool calls: the mode must actually have skipped their events.
    expect(toolEventsSkipped).toBeGreaterThan(10);
  });

  // Sessions without task events, whose turns end by what they produced: open calls and
  // end events that finish a call in a later turn decide the outcome there.
  const line = (type: string, payload: object) => JSON.stringify({ timestamp: '2025-10-01T00:00:00.000Z', type, payload });
  const meta = line('session_meta', { id: 's', cwd: '/w', cli_version: '0.47.0' });
  const user = (text: string) => line('event_msg', { type: 'user_message', message: text });
  const agent = line('event_msg', { type: 'agent_message', message: 'done' });
  const shellCall = (id: string) => line('response_item', { type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: id });
  const output = (id: string) => line('response_item', { type: 'function_call_output', call_id: id, output: 'Exit code: 0\nOutput:\nok' });
  const crafted: [string, string[], ReplayResult['outcome']][] = [
    ['a call without output', [meta, user('a'), shellCall('c1'), agent], 'incomplete'],
    ['a call with its output', [meta, user('a'), shellCall('c1'), output('c1'), agent], 'completed'],
    ['an end event finishing a call in a later turn', [meta, user('a'), shellCall('c1'), user('b'), line('event_msg', { type: 'exec_command_end', call_id: 'c1', exit_code: 0 })], 'incomplete'],
    ['an end event for a call already finished', [meta, user('a'), shellCall('c1'), output('c1'), agent, user('b'), line('event_msg', { type: 'web_search_end', call_id: 'w1', query: 'q' }), line('event_msg', { type: 'web_search_end', call_id: 'w1', query: 'q' })], 'incomplete'],
    ['a completed item in a turn of its own', [meta, user('a'), agent, user('b'), line('event_msg', { type: 'item_completed', item: { type: 'CommandExecution', id: 'x1', command: 'ls', exit_code: 0 } })], 'incomplete'],
    ['a turn with nothing produced', [meta, user('a'), agent, user('b')], 'failed'],
  ];
  it.each(crafted)('ends a crafted session (%s) as the full replay does', async (_name, lines, outcome) => {
    for (const raw of [undefined, 'json', 'utf8'] as const) {
      const decoder = new RolloutDecoder(() => undefined, { rawToolOutputs: raw });
      const records = lines.flatMap((text, i) => decoder.pushBytes({ bytes: Buffer.from(text), line: i + 1, terminated: true }));
      const decoded = { records, generation: decoder.generation ?? 'wrapped' };
      const { events: _full, ...full } = replay(decoded, true);
      const { events: _fewer, ...outcomeOnly } = replay(decoded, false);
      expect(full.outcome).toBe(outcome);
      expect(outcomeOnly).toEqual(full);
    }
  });
});
