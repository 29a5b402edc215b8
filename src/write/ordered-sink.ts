/**
 * The part every sink shares: validating steps and summaries, counting them, and
 * placing finished sessions strictly in the order they began, whatever order they
 * end in. Format-specific work (buffering steps, writing files) is a SessionHandler.
 */
import type { BuiltStep } from '../trajectory/built-step.js';
import { TRAJECTORY_STEP_TYPES, type SessionSummary } from '../trajectory/rl-schema.js';
import { normalizeStep, normalizeSummary } from './record-text.js';
import type { CountedSteps, OutputFile, RecordSink, RecordsAdoption, SessionSink, SessionWriter, SinkSummary, StepCounts } from './sink.js';

export interface SessionHandler<State, Batch extends CountedSteps, Step = BuiltStep, Summary = SessionSummary> {
  /** Creates the per-session buffer. */
  open(): State;
  /** Buffers one validated step (keys in schema order). */
  addStep(state: State, step: Step): void | Promise<void>;
  /** Buffers steps already validated and encoded for this sink (by a worker). */
  addEncoded(state: State, steps: Batch): void | Promise<void>;
  /** Writes the finished session; called one session at a time, in begin order. */
  place(state: State, summary: Summary): Promise<void>;
  /** Releases a session that will never be placed. */
  discard(state: State): Promise<void>;
  /** Takes a record file of the dataset being replaced (see SessionSink.adoptRecords); absent when the format cannot. */
  adopt?(adoption: RecordsAdoption<Summary>): Promise<boolean>;
  /** Finishes and renames every output file. */
  finish(): Promise<OutputFile[]>;
  /** Removes every temp file. */
  abort(): Promise<void>;
}

/**
 * How a sink checks what it is given (a builder bug throws) and what of it is counted by
 * step type for the manifest: the RL record's steps by default; other rows count none.
 */
export type RowContract<Step, Summary> = {
  normalizeStep(step: Step): Step;
  normalizeSummary(summary: Summary): Summary;
  /** The record step type a step counts as; absent for rows that are not trajectory records (their sink counts no steps). */
  stepType?(step: Step): keyof StepCounts;
};

const RECORD_CONTRACT: RowContract<BuiltStep, SessionSummary> = { normalizeStep, normalizeSummary, stepType: (step) => step.type };

function createEmptyStepCounts(): StepCounts {
  return Object.fromEntries(TRAJECTORY_STEP_TYPES.map((type) => [type, 0])) as StepCounts;
}

export function createOrderedSink<State, Batch extends CountedSteps>(handler: SessionHandler<State, Batch>): RecordSink<Batch> {
  return createOrderedRowSink(handler, RECORD_CONTRACT);
}

export function createOrderedRowSink<State, Batch extends CountedSteps, Step, Summary>(
  handler: SessionHandler<State, Batch, Step, Summary>,
  contract: RowContract<Step, Summary>,
): SessionSink<Step, Batch, Summary> {
  const totals = createEmptyStepCounts();
  let sessions = 0;
  let chain: Promise<void> = Promise.resolve();
  let open = 0;
  let state: 'open' | 'closing' | 'closed' | 'aborted' = 'open';
  const live = new Set<State>();
  /** The placement currently writing, so abort can let it settle before deleting files. */
  let placing: Promise<void> | undefined;

  function beginSession(): SessionWriter<Step, Batch, Summary> {
    if (state !== 'open') throw new Error(`beginSession on a ${state} sink`);
    const buffer = handler.open();
    live.add(buffer);
    open += 1;
    const counts = createEmptyStepCounts();
    let ended = false;
    /** null: the session was cancelled. */
    let resolveEnd!: (summary: Summary | null) => void;
    const summaryReady = new Promise<Summary | null>((resolve) => {
      resolveEnd = resolve;
    });
    const placed = chain.then(async () => {
      const summary = await summaryReady;
      if (state === 'aborted') throw new Error('sink aborted');
      if (summary === null) {
        live.delete(buffer);
        await handler.discard(buffer);
        return;
      }
      placing = handler.place(buffer, summary);
      try {
        await placing;
      } finally {
        placing = undefined;
      }
      live.delete(buffer);
      sessions += 1;
      for (const type of TRAJECTORY_STEP_TYPES) totals[type] += counts[type];
    });
    // The chain only orders placements; each caller observes its own result via end().
    placed.catch(() => undefined);
    chain = placed;

    return {
      writeStep(step) {
        if (ended) throw new Error('writeStep after end');
        const normalized = contract.normalizeStep(step);
        if (contract.stepType) counts[contract.stepType(normalized)] += 1;
        return handler.addStep(buffer, normalized);
      },
      writeEncodedSteps(encoded) {
        if (ended) throw new Error('writeEncodedSteps after end');
        for (const type of TRAJECTORY_STEP_TYPES) counts[type] += encoded.counts[type] ?? 0;
        return handler.addEncoded(buffer, encoded);
      },
      end(summary) {
        if (ended) return Promise.reject(new Error('session already ended'));
        let normalized: Summary;
        try {
          normalized = contract.normalizeSummary(summary);
        } catch (error) {
          // A builder bug: the session stays open, so close() refuses and abort() cleans up.
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
        ended = true;
        open -= 1;
        resolveEnd(normalized);
        return placed;
      },
      cancel() {
        if (ended) return Promise.reject(new Error('session already ended'));
        ended = true;
        open -= 1;
        resolveEnd(null);
        return placed;
      },
    };
  }

  /** Placed after every session begun before it, like a session; counted as its sessions would be. */
  async function adoptRecords(adoption: RecordsAdoption<Summary>): Promise<boolean> {
    if (state !== 'open') throw new Error(`adoptRecords on a ${state} sink`);
    const adopted = chain.then(() => handler.adopt!(adoption));
    chain = adopted.then(() => undefined);
    chain.catch(() => undefined);
    if (!(await adopted)) return false;
    sessions += adoption.sessions.length;
    for (const { counts } of adoption.sessions) for (const type of TRAJECTORY_STEP_TYPES) totals[type] += counts[type] ?? 0;
    return true;
  }

  async function close(): Promise<SinkSummary> {
    if (state !== 'open') throw new Error(`close on a ${state} sink`);
    if (open > 0) throw new Error(`close with ${open} session(s) not ended`);
    state = 'closing';
    await chain;
    const files = await handler.finish();
    state = 'closed';
    return { files, sessions, steps: contract.stepType ? { ...totals } : {} };
  }

  async function abort(): Promise<void> {
    if (state === 'closed' || state === 'aborted') return;
    state = 'aborted';
    // Sessions that never ended keep the chain pending forever; only wait for placements already under way.
    if (placing) await placing.catch(() => undefined);
    const buffers = [...live];
    live.clear();
    await Promise.all(buffers.map((b) => handler.discard(b).catch(() => undefined)));
    await handler.abort();
  }

  return { beginSession, adoptRecords: handler.adopt ? adoptRecords : undefined, close, abort };
}
