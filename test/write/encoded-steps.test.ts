/**
 * What the worker pool relies on: steps encoded off-thread (StepEncoder) write the
 * same bytes as steps written one by one, sessions can be cancelled without
 * disturbing the order of the others, and waiting sessions share a memory budget
 * past which they spill to disk.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArrowSink } from '../../src/formats/arrow/arrow-sink.js';
import { createJsonSink } from '../../src/formats/json/json-sink.js';
import { createJsonlSink } from '../../src/formats/jsonl/jsonl-sink.js';
import type { BuiltStep } from '../../src/trajectory/built-step.js';
import type { CountedSteps, RecordSink } from '../../src/write/sink.js';
import { MemoryBudget, StepBuffer } from '../../src/write/step-buffer.js';
import { ArrowStepEncoder } from '../../src/formats/arrow/arrow-steps.js';
import type { StepBatchEncoder } from '../../src/write/sink.js';
import { TextStepEncoder } from '../../src/write/text-steps.js';
import { makeSession, writeSessions, type SampleSession } from './sample-records.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-encoded-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes sessions through encoded batches of `batch` steps, with a cancelled session before each. */
async function writeEncoded(sink: RecordSink, createEncoder: () => StepBatchEncoder<BuiltStep, CountedSteps>, sessions: SampleSession[], batch: number): Promise<void> {
  for (const session of sessions) {
    const cancelled = sink.beginSession();
    const writer = sink.beginSession();
    const encoder = createEncoder();
    for (const [i, step] of session.steps.entries()) {
      encoder.add(step);
      if ((i + 1) % batch === 0) await writer.writeEncodedSteps(encoder.take()!);
    }
    const rest = encoder.take();
    if (rest) await writer.writeEncodedSteps(rest);
    // Ended after the later session began: placement still follows begin order.
    const placed = writer.end(session.summary);
    await cancelled.cancel();
    await placed;
  }
}

async function readOutputs(out: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(out)).sort()) files.set(name, await readFile(path.join(out, name)));
  return files;
}

const SINKS: [string, (out: string) => RecordSink, () => StepBatchEncoder<BuiltStep, CountedSteps>][] = [
  ['jsonl', (out) => createJsonlSink({ outDir: out, spillBytes: 300 }), () => new TextStepEncoder('compact')],
  ['json', (out) => createJsonSink({ outDir: out }), () => new TextStepEncoder('pretty')],
  ['arrow', (out) => createArrowSink({ outDir: out, batchRows: 2 }), () => new ArrowStepEncoder()],
];

describe('encoded steps', () => {
  for (const [name, create, createEncoder] of SINKS) {
    it(`${name}: encoded batches and cancelled sessions write the same bytes as writeStep`, async () => {
      const sessions = [makeSession('s1', ' one'), makeSession('s2', ' two'), makeSession('s3', ' three')];
      const plain = createSink(create, path.join(dir, 'plain'));
      await writeSessions(plain.sink, sessions);
      const plainSummary = await plain.sink.close();
      for (const batch of [1, 3, 100]) {
        const encoded = createSink(create, path.join(dir, `encoded-${batch}`));
        await writeEncoded(encoded.sink, createEncoder, sessions, batch);
        const summary = await encoded.sink.close();
        expect(summary.sessions).toBe(3);
        expect(summary.steps).toEqual(plainSummary.steps);
        expect(await readOutputs(encoded.out)).toEqual(await readOutputs(plain.out));
      }
    });
  }
});

function createSink(create: (out: string) => RecordSink, out: string): { sink: RecordSink; out: string } {
  return { sink: create(out), out };
}

describe('StepBuffer memory budget', () => {
  it('spills the appending buffer once all buffers together pass the budget', async () => {
    const budget = new MemoryBudget(1000);
    const a = new StepBuffer(dir, 10_000, budget);
    const b = new StepBuffer(dir, 10_000, budget);
    expect(a.append('x'.repeat(600))).toBeUndefined();
    expect(budget.used).toBe(600);
    const spilled = b.append('y'.repeat(600));
    expect(spilled).toBeInstanceOf(Promise);
    await spilled;
    expect(budget.used).toBe(600);
    expect((await readdir(dir)).some((f) => f.includes('steps.spill'))).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of b.drain()) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('y'.repeat(600));
    for await (const _chunk of a.drain()) void _chunk;
    expect(budget.used).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });
});
