/**
 * Converts files in parallel (`--jobs N`): N - 1 worker threads plus the main
 * thread, which also owns the sink. Each file's session goes into its slot in the
 * sink (SessionPlacement), fed by the batches a worker encoded or, for the files the
 * main thread converts itself, by the steps it builds; so a run writes exactly the
 * bytes a one-thread run writes. Threads take the next file in planConversionOrder
 * when they finish one (see WorkerSetup). The pool knows no format: the format's
 * projection, encoder and sink do the format's work.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Anonymizer, type AnonymizeSettings } from '../anonymize/anonymizer.js';
import type { InputIssue } from '../issues.js';
import type { InputFile } from '../read/input-file.js';
import type { SessionSink } from '../write/sink.js';
import { DEFAULT_SPILL_BYTES } from '../write/step-buffer.js';
import type { AnyOutputFormat } from './any-output-format.js';
import { planConversionOrder } from './conversion-order.js';
import type { FileConversionResult } from './convert-file.js';
import { convertToFormat } from './convert-to-format.js';
import { MAX_READY_SESSIONS, SessionPlacement } from './session-placement.js';
import type { ProjectionOptions } from '../projection/session-projection.js';
import type { SessionFilters } from '../filter/session-filter.js';
import { NEXT_POSITION, SINK_GATE, type MainToWorker, type WorkerSetup, type WorkerToMain } from './worker-protocol.js';
import { releasePrestartedWorkers, takePrestartedWorker, WORKER_OPTIONS, WORKER_URL } from './worker-prestart.js';

/**
 * Whether the compiled worker script is there. Running from the TypeScript sources
 * (under vitest) there is none, and conversion stays on the calling thread.
 */
export function canUseWorkers(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

type ParallelRun = {
  files: readonly InputFile[];
  /** Threads converting files: the main thread and `jobs - 1` workers. */
  jobs: number;
  format: AnyOutputFormat;
  /** Where each file's session goes: one is opened per file, in file order. */
  sink: Pick<SessionSink<unknown, unknown, unknown>, 'beginSession'>;
  /** Redact secrets in what sessions write. */
  redact: boolean;
  /** `--anonymize`: the homes and user names every thread replaces. */
  anonymize?: AnonymizeSettings | undefined;
  readBufferSize?: number | undefined;
  projectionOptions?: ProjectionOptions | undefined;
  filters?: SessionFilters | undefined;
  /** Issues of each file, as they are found (not in input order). */
  onIssue(index: number, issue: InputIssue): void;
  /** Bytes read so far in a file. */
  onRead(index: number, bytes: number): void;
  /** Called once per file, when its session (if any) was handed to the sink. */
  onFileDone(index: number, result: FileConversionResult): void;
};

export function convertInParallel(run: ParallelRun): Promise<void> {
  const { files, format } = run;
  const order = planConversionOrder(files, DEFAULT_SPILL_BYTES);
  const anonymizer = run.anonymize ? new Anonymizer(run.anonymize) : null;
  const sharedBuffer = new SharedArrayBuffer(8);
  const shared = new Int32Array(sharedBuffer);
  const setup: WorkerSetup = {
    format: format.name,
    redact: run.redact,
    anonymize: run.anonymize,
    files,
    order,
    shared: sharedBuffer,
    readBufferSize: run.readBufferSize,
    projectionOptions: run.projectionOptions,
    filters: run.filters,
  };
  const threads = Math.min(run.jobs, files.length);
  const workerCount = Math.max(1, threads - 1);

  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    /** Settles when the main thread's own conversions have stopped. */
    let localDone: Promise<void> = Promise.resolve();
    let remaining = files.length;
    let failure: Error | undefined;
    /** Per file, the main-thread work on its messages, in arrival order. */
    const chains = new Map<number, Promise<void>>();

    const fail = (error: unknown): void => {
      if (failure) return;
      failure = error instanceof Error ? error : new Error(String(error));
      Atomics.store(shared, NEXT_POSITION, order.length);
      Atomics.store(shared, SINK_GATE, 0);
      Atomics.notify(shared, SINK_GATE);
      // The caller aborts the sink once this rejects: let the main thread's own conversion stop first.
      void Promise.all([...workers.map((w) => w.terminate()), localDone]).finally(() => reject(failure));
    };

    /** Workers wait before taking a file while the sink is behind (see SINK_GATE). */
    const setSinkGate = (behind: boolean): void => {
      const value = behind ? 1 : 0;
      if (Atomics.exchange(shared, SINK_GATE, value) === 1 && value === 0) Atomics.notify(shared, SINK_GATE);
    };
    const placement = new SessionPlacement(run.sink, files, format.backlog, setSinkGate, fail);

    const enqueue = (index: number, work: () => void | Promise<void>): void => {
      const chain = (chains.get(index) ?? Promise.resolve()).then(work);
      chains.set(index, chain);
      chain.catch(fail);
    };

    /** Takes the next file for the main thread; undefined when none is left. */
    const takeFile = (): number | undefined => {
      if (failure) return undefined;
      const index = order[Atomics.add(shared, NEXT_POSITION, 1)];
      if (index !== undefined) placement.slotFor(index);
      return index;
    };

    /**
     * The main thread's own conversions run between the sink's I/O steps, which wait for
     * them: a sink that writes a file per session (json, thread-events) falls behind, as
     * does Arrow's column building when workers outpace it. Before taking a file, the main
     * thread lets the sink catch up; workers wait on SINK_GATE.
     */
    const letSinkCatchUp = async (): Promise<void> => {
      for (let ready = placement.readySessions(); ready.length > MAX_READY_SESSIONS && !failure; ready = placement.readySessions()) {
        await Promise.race(ready).catch(() => undefined);
      }
    };

    const finish = async (): Promise<void> => {
      // Placements still under way finish in the sink's close(), which awaits them all.
      await Promise.all(chains.values());
      await Promise.all(workers.map((w) => w.terminate()));
    };

    const fileDone = (index: number, result: FileConversionResult): void => {
      if (failure) return;
      placement.fileDone(index, result.converted, (work) => enqueue(index, work));
      // The file's last message work was queued above; drop the chain once it settles.
      const chain = chains.get(index);
      chain?.then(() => chains.get(index) === chain && chains.delete(index), () => undefined);
      run.onFileDone(index, result);
      remaining--;
      if (remaining === 0) finish().then(resolve, fail);
    };

    const handle = (worker: Worker, message: WorkerToMain): void => {
      if (failure) return;
      switch (message.type) {
        case 'steps': {
          const slot = placement.slotFor(message.index);
          enqueue(message.index, async () => {
            await slot.writeEncodedSteps(message.steps);
            worker.postMessage({ type: 'ack', size: message.size } satisfies MainToWorker);
          });
          return;
        }
        case 'end': {
          const slot = placement.slotFor(message.index);
          enqueue(message.index, () => placement.end(message.index, slot, message.summary));
          return;
        }
        case 'issue':
          run.onIssue(message.index, message.issue);
          return;
        case 'read':
          run.onRead(message.index, message.bytes);
          return;
        case 'done':
          fileDone(message.index, message.result);
          return;
        case 'idle':
          return;
        case 'failed':
          fail(new Error(`converting ${files[message.index]?.path ?? '?'} failed: ${message.message}\n${message.stack ?? ''}`));
          return;
      }
    };

    /** The main thread converts files too, straight into their slots, between handling the workers' messages. */
    const convertLocally = async (): Promise<void> => {
      for (let index = await letSinkCatchUp().then(takeFile); index !== undefined; index = await letSinkCatchUp().then(takeFile)) {
        const fileIndex = index;
        const slot = placement.slotFor(fileIndex);
        const result = await convertToFormat(files[fileIndex]!, {
          format,
          openWriter: () => ({
            writeStep: (step: unknown) => {
              if (failure) throw failure;
              return slot.writeStep(step);
            },
            end: async (summary: unknown) => placement.end(fileIndex, slot, summary),
          }),
          redact: run.redact,
          anonymizer,
          projectionOptions: run.projectionOptions,
          filters: run.filters,
          readBufferSize: run.readBufferSize,
          reportIssue: (issue) => run.onIssue(fileIndex, issue),
          onRead: (bytes) => run.onRead(fileIndex, bytes),
        });
        fileDone(fileIndex, result);
      }
    };

    for (let i = 0; i < workerCount; i++) {
      const prestarted = takePrestartedWorker();
      prestarted?.postMessage({ type: 'setup', setup } satisfies MainToWorker);
      const worker = prestarted ?? new Worker(WORKER_URL, { ...WORKER_OPTIONS, workerData: setup });
      workers.push(worker);
      worker.on('message', (message: WorkerToMain) => handle(worker, message));
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (remaining > 0 && !failure) fail(new Error(`a conversion worker exited (code ${code}) before the run finished`));
      });
    }
    releasePrestartedWorkers();
    localDone = convertLocally().catch(fail);
  });
}
