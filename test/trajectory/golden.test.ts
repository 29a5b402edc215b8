/**
 * Golden records: for one Codex version per rollout generation and a spread of
 * scenarios, the expected `rl` record was written out and reviewed by hand against
 * the rollout (prompt, final response, steps and their order, call ids, argv, raw
 * tool name and arguments, exact output text and exit codes, outcome, model, cwd).
 * See fixtures/golden/README.md. A golden holds the *correct* record: the converter's
 * output must equal it exactly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrajectoryRecord, TrajectoryStep } from '../../src/trajectory/rl-schema.js';
import { convertToRecords, REPO_ROOT } from './convert-records.js';
import { digestInstructions } from './golden-digest.js';

const GOLDEN_DIR = path.join(REPO_ROOT, 'fixtures/golden');

type GoldenRecord = Omit<TrajectoryRecord, 'system_instructions'> & { system_instructions: ReturnType<typeof digestInstructions> };

function listGoldens(): string[] {
  return readdirSync(GOLDEN_DIR, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

function readGolden(name: string): GoldenRecord {
  return JSON.parse(readFileSync(path.join(GOLDEN_DIR, name), 'utf8')) as GoldenRecord;
}

const goldens = listGoldens();

/** Code mode repeats the base instructions as a developer message: its context step is digested like system_instructions. */
function digestBaseInstructionsStep(step: TrajectoryStep): TrajectoryStep {
  if (step.type !== 'context' || step.kind !== 'base_instructions') return step;
  return { ...step, content: digestInstructions(step.content) as unknown as string };
}

describe('golden rl records (hand-reviewed against the rollouts)', () => {
  it('cover one Codex version per rollout generation and the key scenarios', () => {
    const labels = new Set(goldens.map((name) => name.split('/')[0]));
    // legacy (two dialects), wrapped 2025, task events 2026, extended events, code mode, direct tools
    for (const label of ['0.8.0', '0.20.0', '0.29.0', '0.47.0', '0.100.0', '0.130.0', '0.169.0', '0.169.0+gpt-5.5']) {
      expect(labels, label).toContain(label);
    }
    const scenarios = new Set(goldens.map((name) => path.basename(name).split('.')[0]));
    for (const scenario of ['message', 'shell-ok', 'shell-fail', 'apply-patch', 'mcp', 'plan', 'web-search', 'view-image', 'multi-turn', 'compact', 'interrupted', 'error']) {
      expect(scenarios, scenario).toContain(scenario);
    }
  });

  it.each(goldens)('%s', async (name) => {
    const golden = readGolden(name);
    const { records, issues, report } = await convertToRecords([golden.source_path]);
    expect(report.failedFiles).toEqual([]);
    // Codex 0.8 ran two objects together on one line of multi-turn: recovered, and reported.
    const recovered = name === '0.8.0/multi-turn.json' ? [{ line: 9, code: 'invalid_json', message: expect.stringMatching(/^2 JSON objects run together/) }] : [];
    expect(issues.map(({ line, code, message }) => ({ line, code, message }))).toEqual(recovered);
    expect(records).toHaveLength(1);
    const [converted] = records;
    if (!converted) return;
    const actual: GoldenRecord = {
      ...converted,
      system_instructions: digestInstructions(converted.system_instructions),
      trajectory: converted.trajectory.map(digestBaseInstructionsStep),
      // Tool descriptions (code mode's exec: 14 KB) are digested like the instructions.
      tools: converted.tools?.map((tool) => ({ ...tool, description: digestInstructions(tool.description) as string | null })) ?? null,
    };
    expect(actual).toStrictEqual(golden);
  });
});
