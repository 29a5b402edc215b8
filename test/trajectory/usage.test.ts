/**
 * Exact usage against ground truth: what the oracle's mock model server served.
 * Each oracle case keeps the server's request log (`requests.json`: per request
 * its script `step`, whether it was a `compaction` request, and the `served` items);
 * the server's usage rule (oracle mock-server.mjs `usageFor`, and the explicit usage
 * of the `compact` scenario) gives every completed response's usage. HTTP 500,
 * `response.failed` and hung responses never completed, so they have none.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordTokenUsage, TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import { convertToRecords, listOracleCases, listRolloutFiles, REPO_ROOT } from './convert-records.js';

type Usage = RecordTokenUsage;
type Request = { step?: number; compaction?: boolean; served?: string };

const usage = (input: number, cached: number, output: number, reasoning: number): Usage => ({
  input_tokens: input,
  cached_input_tokens: cached,
  output_tokens: output,
  reasoning_output_tokens: reasoning,
  total_tokens: input + output,
});

/** The mock server's rule: usage grows with the script step and the number of items served. */
function usageFor(step: number, items: string[]): Usage {
  const reasoning = items.includes('reasoning') ? 8 : 0;
  return usage(2000 + 350 * step, step === 0 ? 0 : 1800 + 300 * (step - 1), 12 + 7 * items.length + 3 * step + reasoning, reasoning);
}

/** The `compact` scenario reports huge usage (to trigger a compaction) and gives the summary request its own. */
const COMPACT_SCENARIO: Record<string, Usage> = {
  step0: usage(150000, 1000, 50, 10),
  step1: usage(4000, 1000, 20, 0),
  compaction: usage(3000, 0, 40, 0),
};

/** 0.40 never accounted its compaction request (neither its rollout nor its own exec output counts it). */
const UNACCOUNTED = new Set(['0.40.0/compact:compaction']);

function add(sum: Usage | null, u: Usage): Usage {
  if (!sum) return { ...u };
  return usage(sum.input_tokens + u.input_tokens, sum.cached_input_tokens + u.cached_input_tokens, sum.output_tokens + u.output_tokens, sum.reasoning_output_tokens + u.reasoning_output_tokens);
}

/** What the server served in a case that codex could account, summed; null when no response completed. */
function served(dir: string, label: string, scenario: string): Usage | null {
  const requests = JSON.parse(readFileSync(path.join(REPO_ROOT, dir, 'requests.json'), 'utf8')) as Request[];
  let sum: Usage | null = null;
  for (const request of requests) {
    if (typeof request.served !== 'string' || !request.served.startsWith('items:')) continue;
    const items = request.served.slice('items:'.length).split(',').filter(Boolean).map((item) => item.replace(/\(.*\)$/, ''));
    if (request.compaction && UNACCOUNTED.has(`${label}/${scenario}:compaction`)) continue;
    const step = Math.max(0, request.step ?? 0);
    const u = scenario === 'compact' ? COMPACT_SCENARIO[request.compaction ? 'compaction' : `step${step}`] : usageFor(step, items);
    if (!u) throw new Error(`${dir}: no usage rule for step ${step}`);
    sum = add(sum, u);
  }
  return sum;
}

/** Codex versions whose rollouts hold no event lines, so no usage. */
const NO_EVENTS = new Set(['0.8.0', '0.20.0', '0.29.0']);

describe('exact usage equals what the mock server served', () => {
  const cases = listOracleCases();

  it('holds for every oracle case that records usage', async () => {
    let matched = 0;
    let recorded = 0;
    const mismatches: string[] = [];
    for (const { label, scenario, dir } of cases) {
      const { records } = await convertToRecords(listRolloutFiles(dir));
      const expected = served(dir, label, scenario);
      const usages = records.map((record) => record.usage);
      if (NO_EVENTS.has(label) || expected === null) {
        if (usages.some((u) => u !== null)) mismatches.push(`${dir}: expected no usage, got ${JSON.stringify(usages)}`);
        continue;
      }
      recorded++;
      const actual = usages.reduce<Usage | null>((sum, u) => (u ? add(sum, u) : sum), null);
      if (JSON.stringify(actual) === JSON.stringify(expected)) matched++;
      else mismatches.push(`${dir}: served ${JSON.stringify(expected)}, record ${JSON.stringify(actual)}`);
    }
    expect(mismatches).toEqual([]);
    expect(matched).toBe(recorded);
    // 13 setups x 16 scenarios; 0.8-0.29 record no usage, and neither do the error cases of the others.
    expect(recorded).toBe(cases.length - 3 * 16 - 2 * 10);
  }, 120_000);

  it('per-turn usage adds up to the session usage (no rollbacks in the oracle)', async () => {
    const { records } = await convertToRecords(['fixtures/oracle']);
    const sums = (record: TrajectoryRecord) => record.turns.reduce<Usage | null>((sum, turn) => (turn.usage ? add(sum, turn.usage) : sum), null);
    for (const record of records) expect(sums(record), record.source_path).toEqual(record.usage);
  });

  it.each([
    ['0.169.0/fork', 4406 + 2725],
    ['0.169.0/async-user-msg', 4406],
    ['0.171.0/async-user-msg', 4406],
  ])('fixtures/oracle-extra/%s: %i tokens served, counted once (a fork child without its parent)', async (name, total) => {
    const dir = `fixtures/oracle-extra/${name}`;
    const [label, scenario] = name.split('/') as [string, string];
    const expected = served(dir, label, scenario);
    expect(expected?.total_tokens).toBe(total);
    const { records } = await convertToRecords(listRolloutFiles(dir));
    expect(records.reduce<Usage | null>((sum, record) => (record.usage ? add(sum, record.usage) : sum), null)).toEqual(expected);
    if (scenario === 'fork') expect(records.map((record) => record.usage?.total_tokens).sort()).toEqual([2725, 4406]);
  });

  it('0.40 compact: the compaction request codex never counted stays out (154070, as its own exec reported)', async () => {
    const { records } = await convertToRecords(listRolloutFiles('fixtures/oracle/0.40.0/compact'));
    expect(records[0]?.usage).toEqual(usage(154000, 2000, 70, 10));
  });
});
