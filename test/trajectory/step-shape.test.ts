import { describe, expect, it } from 'vitest';
import { normalizeStep } from '../../src/write/record-text.js';
import { trajectoryStepSchema, type TrajectoryStep } from '../../src/trajectory/rl-schema.js';
import { isWellFormedStep } from '../../src/trajectory/step-shape.js';
import { convertToRecords } from './convert-records.js';

/** ['a'] with a hole before it (an array literal with a hole would trip the linter). */
function sparseStrings(): string[] {
  const images: string[] = [];
  images[1] = 'a';
  return images;
}

describe('isWellFormedStep', () => {
  it('accepts the real steps of the sample and oracle rollouts, which zod returns unchanged', async () => {
    const { records } = await convertToRecords(['fixtures/samples', 'fixtures/oracle']);
    const steps = records.flatMap((record) => record.trajectory);
    expect(steps.length).toBeGreaterThan(100);
    const types = new Set<string>();
    for (const step of steps) {
      expect(isWellFormedStep(step), JSON.stringify(step).slice(0, 200)).toBe(true);
      const parsed = trajectoryStepSchema.parse(step);
      expect(JSON.stringify(parsed)).toBe(JSON.stringify(step));
      types.add(step.type);
    }
    expect(types.size).toBe(8);
  });

  it('agrees with zod on mutated and reordered real steps: a well-formed one is returned unchanged, keys in order', async () => {
    const { records } = await convertToRecords(['fixtures/samples']);
    const steps = records.flatMap((record) => record.trajectory).slice(0, 400);
    let wellFormed = 0;
    let other = 0;
    for (const step of steps) {
      const record = step as unknown as Record<string, unknown>;
      const keys = Object.keys(record);
      const variants: unknown[] = [{ ...record, extra: 1 }, Object.fromEntries([...Object.entries(record)].reverse())];
      for (const key of keys) {
        const { [key]: _removed, ...rest } = record;
        variants.push(rest);
        for (const value of [null, undefined, 1, 1.5, 'x', [], ['x'], {}]) variants.push({ ...record, [key]: value });
      }
      for (const variant of variants) {
        if (!isWellFormedStep(variant as TrajectoryStep)) {
          other++;
          continue;
        }
        wellFormed++;
        const parsed = trajectoryStepSchema.safeParse(variant);
        expect(parsed.success, JSON.stringify(variant).slice(0, 200)).toBe(true);
        expect(Object.keys(parsed.data!)).toEqual(Object.keys(variant as object));
        expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(variant));
      }
    }
    expect(wellFormed).toBeGreaterThan(100);
    expect(other).toBeGreaterThan(500);
  });

  const valid: TrajectoryStep[] = [
    { type: 'user_message', content: 'hi', timestamp: null, images: ['data:x'], turn: 0 },
    { type: 'assistant_message', content: 'ok', timestamp: '2025-01-01T00:00:00Z', phase: 'final_answer', turn: 0 },
    { type: 'reasoning', content: 'r', timestamp: null, turn: 0 },
    { type: 'tool_call', name: 'f', arguments: '{"a":1}', call_id: null, timestamp: null, namespace: 'mcp__x__', turn: 0 },
    { type: 'tool_output', call_id: 'c', output: 'o', timestamp: null, exit_code: 0, images: [], turn: 0 },
    { type: 'tool_output', call_id: 'c', output: 'o', timestamp: null, exit_code: null, turn: 0 },
    { type: 'shell_command', command: ['ls', '-l'], call_id: 'c', timestamp: null, name: 'shell', arguments: '{}', workdir: null, turn: 0 },
  ];
  it.each(valid.map((step) => [step.type, step] as const))('accepts a valid %s that zod returns unchanged', (_type, step) => {
    expect(isWellFormedStep(step)).toBe(true);
    expect(JSON.stringify(trajectoryStepSchema.parse(step))).toBe(JSON.stringify(step));
  });

  const invalid: [string, unknown][] = [
    ['unknown type', { type: 'note', content: 'x', timestamp: null }],
    ['missing type', { content: 'x', timestamp: null }],
    ['content not a string', { type: 'user_message', content: 1, timestamp: null, turn: 0 }],
    ['missing content', { type: 'reasoning', timestamp: null, turn: 0 }],
    ['missing timestamp', { type: 'reasoning', content: 'x', turn: 0 }],
    ['timestamp a number', { type: 'reasoning', content: 'x', timestamp: 5, turn: 0 }],
    ['images not strings', { type: 'user_message', content: 'x', timestamp: null, images: [1], turn: 0 }],
    ['images not an array', { type: 'user_message', content: 'x', timestamp: null, images: 'a', turn: 0 }],
    ['images sparse', { type: 'user_message', content: 'x', timestamp: null, images: sparseStrings(), turn: 0 }],
    ['phase null', { type: 'assistant_message', content: 'x', timestamp: null, phase: null, turn: 0 }],
    ['name missing', { type: 'tool_call', arguments: null, call_id: null, timestamp: null, turn: 0 }],
    ['call_id a number', { type: 'tool_call', name: 'f', arguments: null, call_id: 3, timestamp: null, turn: 0 }],
    ['namespace null', { type: 'tool_call', name: 'f', arguments: null, call_id: null, timestamp: null, namespace: null, turn: 0 }],
    ['tool_output call_id null', { type: 'tool_output', call_id: null, output: 'o', timestamp: null, turn: 0 }],
    ['output not a string', { type: 'tool_output', call_id: 'c', output: ['o'], timestamp: null, turn: 0 }],
    ['exit_code fractional', { type: 'tool_output', call_id: 'c', output: 'o', timestamp: null, exit_code: 1.5, turn: 0 }],
    ['exit_code a string', { type: 'tool_output', call_id: 'c', output: 'o', timestamp: null, exit_code: '1', turn: 0 }],
    ['exit_code NaN', { type: 'tool_output', call_id: 'c', output: 'o', timestamp: null, exit_code: Number.NaN, turn: 0 }],
    ['exit_code Infinity', { type: 'tool_output', call_id: 'c', output: 'o', timestamp: null, exit_code: Number.POSITIVE_INFINITY, turn: 0 }],
    ['command a string', { type: 'shell_command', command: 'ls', call_id: null, timestamp: null, name: 'shell', arguments: null, turn: 0 }],
    ['command with a number', { type: 'shell_command', command: ['ls', 1], call_id: null, timestamp: null, name: 'shell', arguments: null, turn: 0 }],
    ['shell name missing', { type: 'shell_command', command: ['ls'], call_id: null, timestamp: null, arguments: null, turn: 0 }],
    ['workdir a number', { type: 'shell_command', command: ['ls'], call_id: null, timestamp: null, name: 'shell', arguments: null, workdir: 1, turn: 0 }],
  ];
  it.each(invalid)('rejects an invalid step (%s), as zod does', (_name, step) => {
    expect(isWellFormedStep(step as TrajectoryStep)).toBe(false);
    expect(trajectoryStepSchema.safeParse(step).success).toBe(false);
    expect(() => normalizeStep(step as TrajectoryStep)).toThrow();
  });

  const unusual: [string, unknown][] = [
    ['an extra key (zod strips it)', { type: 'reasoning', content: 'x', timestamp: null, extra: 1, turn: 0 }],
    ['keys out of schema order', { type: 'reasoning', timestamp: null, content: 'x', turn: 0 }],
    ['an optional key present as undefined', { type: 'assistant_message', content: 'x', timestamp: null, phase: undefined, turn: 0 }],
    ['type not first', { content: 'x', type: 'reasoning', timestamp: null, turn: 0 }],
  ];
  it.each(unusual)('leaves a valid but unusual step to zod (%s), which normalizes it', (_name, step) => {
    expect(isWellFormedStep(step as TrajectoryStep)).toBe(false);
    const normalized = normalizeStep(step as TrajectoryStep);
    expect(normalized).toEqual(trajectoryStepSchema.parse(step));
    expect(Object.keys(normalized)[0]).toBe('type');
  });
});
