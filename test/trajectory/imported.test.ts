/**
 * Sessions Codex Desktop imported from Claude Code (issue 11, item 5), on a hand-written
 * rollout of the importer's shape (fixtures/graph/imported-claude-code): two imported turns
 * (`external-import-turn-<n>`, text only, an estimated token count, the importer's marker),
 * then a turn the user ran in Codex with gpt-5.5.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { readFilterFlags } from '../../src/cli/filter-options.js';
import { threadEventSchema } from '../../src/translate/thread-events.js';
import { convertToRecords, createCollector, REPO_ROOT } from './convert-records.js';

const IMPORTED = 'fixtures/graph/imported-claude-code';
const CODEX_RUN = 'fixtures/oracle/0.169.0+gpt-5.5/multi-turn';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-imported-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an imported Claude Code session', () => {
  it('is labelled imported_from "claude-code", never with a Codex model', async () => {
    const { records } = await convertToRecords([IMPORTED]);
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record.imported_from).toBe('claude-code');
    // The header's instructions name gpt-5.5 and the continuation's turn_context too: neither wrote the imported turns.
    expect(record.model).toBeNull();
    expect(record.prompt).toBe('Add a --verbose flag to scripts/build.sh that prints each step.');
    expect(record.trajectory.map((step) => [step.type, step.turn])).toEqual([
      ['user_message', 0],
      ['assistant_message', 0],
      ['user_message', 1],
      ['assistant_message', 1],
      ['user_message', 2],
      ['assistant_message', 2],
    ]);
    // The importer's marker is an event, not something a model said: it is no step.
    expect(record.trajectory.some((step) => 'content' in step && step.content.includes('EXTERNAL SESSION IMPORTED'))).toBe(false);
  });

  it('counts only tokens a model was served: the import estimate is not usage', async () => {
    const [record] = (await convertToRecords([IMPORTED])).records;
    expect(record!.turns.map((turn) => [turn.turn_id, turn.usage?.total_tokens ?? null])).toEqual([
      ['external-import-turn-1', null],
      ['external-import-turn-2', null],
      ['019f7a5c-8a11-7c30-b000-0000000000f2', 8224],
    ]);
    expect(record!.usage).toEqual({ input_tokens: 8130, cached_input_tokens: 2048, output_tokens: 94, reasoning_output_tokens: 40, total_tokens: 8224 });
  });

  it('a session Codex ran has imported_from null and keeps its model', async () => {
    const [record] = (await convertToRecords([CODEX_RUN])).records;
    expect(record!.imported_from).toBeNull();
    expect(record!.model).toBe('gpt-5.5');
  });

  it('--skip-imported leaves it out, counted like the other filters, in every format', async () => {
    const filters = readFilterFlags({ 'skip-imported': true });
    expect(filters.skipImported).toBe(true);
    expect(readFilterFlags({}).skipImported).toBeUndefined();
    const outDir = path.join(dir, 'skip');
    const report = await convert({ inputs: [path.join(REPO_ROOT, IMPORTED), path.join(REPO_ROOT, CODEX_RUN)], format: 'jsonl', outDir, filters });
    expect(report.sessions).toBe(1);
    expect(report.filtered).toEqual({ total: 1, byFilter: { imported: 1 } });
    const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')) as { filters: unknown };
    expect(manifest.filters).toEqual({ applied: { imported: 'skip' }, dropped: { imported: 1 } });

    const out = createCollector();
    const events = await convert({ inputs: [path.join(REPO_ROOT, IMPORTED), path.join(REPO_ROOT, CODEX_RUN)], format: 'thread-events', outDir: 'unused', stdout: out.stream, filters });
    expect(events.filtered.byFilter).toEqual({ imported: 1 });
    const started = out
      .text()
      .split('\n')
      .filter(Boolean)
      .map((line) => threadEventSchema.parse(JSON.parse(line)))
      .filter((event) => event.type === 'thread.started');
    expect(started).toHaveLength(1);
  });
});
