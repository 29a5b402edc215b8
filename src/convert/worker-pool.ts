/**
 * Converts files in parallel (`--jobs N`): N - 1 worker threads plus the main
 * thread, which also owns the sinks. It opens each file's session slot in input
 * order and feeds it the steps the workers already serialized (or, for the files it
 * converts itself, the steps it builds), and so writes exactly the bytes a
 * one-thread run writes. Threads take the next file in planConversionOrder when
 * they finish one (see WorkerSetup).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InputIssue } from '../issues.js';
import type { InputFile } from '../read/input-file.js';
import { serializeThreadEvent } from '../translate/thread-event-json.js';
import type { RecordSink, SessionWriter } from '../write/sink.js';
import { DEFAULT_SPILL_BYTES } from '../write/step-buffer.js';
import type { ThreadEventSink } from '../write/thread-events-sink.js';
import { planConversionOrder } from './conversion-order.js';
import { convertFile, type FileConversionResult } from './convert-file.js';
import { createProjectionOpener, rawToolOutputFormFor, type ProjectionTarget } from './projection-factory.js';
import { NEXT_POSITION, SINK_GATE, type MainToWorker, type WorkerSetup, type WorkerToMain } from './worker-protocol.js';

/**
 * The compiled worker script beside this module. Running from the TypeScript
 * sources (under vitest) there is none, and conversion stays on the calling thread.
 */
const WORKER_URL = new URL('./convert-worker.js', import.meta.url);

/**
 * A worker's young generation. V8's default (3 x 16 MB semi-spaces) is sized for
 * throughput on big heaps; conversion keeps little alive, and a smaller one costs no
 * measurable time while keeping each worker's memory down.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

/**
 * Sessions a text sink may have waiting to be written before the main thread takes another
 * file and workers pause (more let JSONL's peak RSS reach 256 MB on the 2 GB corpus).
 */
const MAX_SINK_BACKLOG = 4;
/**
 * Rollout bytes of the Arrow sessions that may wait to be written before workers pause
 * (Arrow keeps their column chunks, about 0.6x the rollout, in memory). The bytes, not a
 * session count, bound Arrow's memory; 48 MB rather than 12 halved the worker's idle time
 * (183 -> 78-115 ms on the 200 MB corpus) at 318-336 MB peak RSS on the 2 GB one.
 */
const MAX_WAITING_ARROW_INPUT_BYTES = 48 * 1024 * 1024;

export function canUseWorkers(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

export type ParallelOutput = { kind: 'rl'; sink: RecordSink } | { kind: 'thread-events'; sink: ThreadEventSink };

export type ParallelRun = {
  files: readonly InputFile[];
  /** Threads converting files: the main thread and `jobs - 1` workers. */
  jobs: number;
  output: ParallelOutput;
  readBufferSize?: number | undefined;
  /** Issues of each file, as they are found (not in input order). */
  onIssue(index: number, issue: InputIssue): void;
  /** Bytes read so far in a file. */
  onRead(index: number, bytes: number): void;
  /** Called once per file, when its session (if any) was handed to the sink. */
  onFileDone(index: number, result: FileConversionResult): void;
};

type ThreadSession = { sessionId: string; lines: string[] };

export function convertInParallel(run: ParallelRun): Promise<void> {
  const { files, output } = run;
  const order = planConversionOrder(files, DEFAULT_SPILL_BYTES);
  const sharedBuffer = new SharedArrayBuffer(8);
  const shared = new Int32Array(sharedBuffer);
  const setup: WorkerSetup = {
    output: output.kind === 'rl' ? { kind: 'rl', stepEncoding: output.sink.stepEncoding } : { kind: 'thread-events' },
    files,
    order,
    shared: sharedBuffer,
    readBufferSize: run.readBufferSize,
  };
  const writesArrow = output.kind === 'rl' && output.sink.stepEncoding.kind === 'arrow';
  const threads = Math.min(run.jobs, files.length);
  const workerCount = Math.max(1, threads - 1);

  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    /** Settles when the main thread's own conversions have stopped. */
    let localDone: Promise<void> = Promise.resolve();
    let remaining = files.length;
    let failure: Error | undefined;
    /**
     * RL: one session slot per file, opened in input order up to the furthest file handed
     * out, and forgotten once the file is done (a writer holds its session's summary).
     */
    const writers = new Map<number, SessionWriter>();
    let slotsOpened = 0;
    /** Per file, the main-thread work on its messages, in arrival order. */
    const chains = new Map<number, Promise<void>>();
    /** Thread events: finished files, flushed to the sink in input order. */
    const threadSessions = new Map<number, ThreadSession | null>();
    let threadCursor = 0;
    let threadFlush: Promise<void> = Promise.resolve();

    const fail = (error: unknown): void => {
      if (failure) return;
      failure = error instanceof Error ? error : new Error(String(error));
      Atomics.store(shared, NEXT_POSITION, order.length);
      Atomics.store(shared, SINK_GATE, 0);
      Atomics.notify(shared, SINK_GATE);
      // The caller aborts the sink once this rejects: let the main thread's own conversion stop first.
      void Promise.all([...workers.map((w) => w.terminate()), localDone]).finally(() => reject(failure));
    };

    const enqueue = (index: number, work: () => void | Promise<void>): void => {
      const chain = (chains.get(index) ?? Promise.resolve()).then(work);
      chains.set(index, chain);
      chain.catch(fail);
    };

    const writerFor = (index: number): SessionWriter => {
      if (output.kind !== 'rl') throw new Error('no record sink in a thread-events run');
      for (; slotsOpened <= index; slotsOpened++) writers.set(slotsOpened, output.sink.beginSession());
      const writer = writers.get(index);
      if (!writer) throw new Error(`no open session slot for file ${index}`);
      return writer;
    };

    /** Takes the next file for the main thread; undefined when none is left. */
    const takeFile = (): number | undefined => {
      if (failure) return undefined;
      const index = order[Atomics.add(shared, NEXT_POSITION, 1)];
      if (index !== undefined && output.kind === 'rl') writerFor(index);
      return index;
    };

    /** Ends a session without waiting for its placement (which waits for every earlier file). */
    const endSession = (index: number, writer: SessionWriter, summary: Parameters<SessionWriter['end']>[0]): void => {
      track(index, writer.end(summary));
    };

    /** Sessions handed to the sink and not yet written, by file index. */
    const unwritten = new Map<Promise<void>, number>();
    const track = (index: number, written: Promise<void>): void => {
      unwritten.set(written, index);
      updateSinkGate();
      written.then(
        () => {
          unwritten.delete(written);
          updateSinkGate();
        },
        (error: unknown) => {
          unwritten.delete(written);
          fail(error);
        },
      );
    };
    /**
     * Arrow sessions wait for the ones before them as column chunks in memory (text sinks
     * spill them to disk): their rollouts' size bounds how many may wait.
     */
    const waitingInputBytes = (): number => {
      let bytes = 0;
      for (const index of unwritten.values()) bytes += index >= 0 ? files[index]!.size : 0;
      return bytes;
    };
    /** Workers wait before taking a file while the sink is behind (see SINK_GATE). */
    const updateSinkGate = (): void => {
      const isBehind = writesArrow ? waitingInputBytes() > MAX_WAITING_ARROW_INPUT_BYTES : sinkBacklog().length > MAX_SINK_BACKLOG;
      const behind = isBehind ? 1 : 0;
      if (Atomics.exchange(shared, SINK_GATE, behind) === 1 && behind === 0) Atomics.notify(shared, SINK_GATE);
    };
    /** The first file (in input order) not done yet: every session before it can be written now. */
    let frontier = 0;
    const doneFiles = new Set<number>();
    /** Sessions the sink could write now but has not: it is falling behind. */
    const sinkBacklog = (): Promise<void>[] => [...unwritten].filter(([, index]) => index < frontier).map(([written]) => written);
    /**
     * The main thread's own conversions run between the sink's I/O steps, which wait for
     * them: a sink that writes a file per session (json, thread-events) falls behind, as
     * does Arrow's column building when workers outpace it. Before taking a file, the main
     * thread lets the sink catch up; workers wait on SINK_GATE.
     */
    const letSinkCatchUp = async (): Promise<void> => {
      for (let backlog = sinkBacklog(); backlog.length > MAX_SINK_BACKLOG && !failure; backlog = sinkBacklog()) {
        await Promise.race(backlog).catch(() => undefined);
      }
    };

    const flushThreadSessions = (): void => {
      if (output.kind !== 'thread-events') return;
      while (threadSessions.has(threadCursor)) {
        const session = threadSessions.get(threadCursor);
        threadSessions.delete(threadCursor);
        threadCursor++;
        if (!session) continue;
        threadFlush = threadFlush.then(async () => {
          const writer = output.sink.beginSession(session.sessionId);
          writer.writeLines(session.lines);
          await writer.end();
        });
        track(-1, threadFlush);
      }
    };

    const finish = async (): Promise<void> => {
      // Placements still under way finish in the sink's close(), which awaits them all.
      await Promise.all([...chains.values(), threadFlush]);
      await Promise.all(workers.map((w) => w.terminate()));
    };

    const fileDone = (index: number, result: FileConversionResult): void => {
      if (failure) return;
      if (output.kind === 'rl') {
        const writer = writerFor(index);
        writers.delete(index);
        enqueue(index, async () => {
          if (!result.converted) await writer.cancel();
        });
      }
      // The file's last message work was queued above; drop the chain once it settles.
      const chain = chains.get(index);
      chain?.then(() => chains.get(index) === chain && chains.delete(index), () => undefined);
      if (output.kind === 'thread-events') {
        if (!threadSessions.has(index)) threadSessions.set(index, null);
        flushThreadSessions();
      }
      run.onFileDone(index, result);
      doneFiles.add(index);
      while (doneFiles.delete(frontier)) frontier++;
      updateSinkGate();
      remaining--;
      if (remaining === 0) finish().then(resolve, fail);
    };

    const handle = (worker: Worker, message: WorkerToMain): void => {
      if (failure) return;
      switch (message.type) {
        case 'steps': {
          const writer = writerFor(message.index);
          enqueue(message.index, async () => {
            await writer.writeEncodedSteps(message.steps);
            worker.postMessage({ type: 'ack', size: message.size } satisfies MainToWorker);
          });
          return;
        }
        case 'end': {
          const writer = writerFor(message.index);
          enqueue(message.index, () => endSession(message.index, writer, message.summary));
          return;
        }
        case 'thread-events':
          threadSessions.set(message.index, { sessionId: message.sessionId, lines: message.lines });
          return;
        case 'issue':
          run.onIssue(message.index, message.issue);
          return;
        case 'read':
          run.onRead(message.index, message.bytes);
          return;
        case 'done':
          fileDone(message.index, { converted: message.converted, parsedLines: message.parsedLines });
          return;
        case 'idle':
          return;
        case 'failed':
          fail(new Error(`converting ${files[message.index]?.path ?? '?'} failed: ${message.message}\n${message.stack ?? ''}`));
          return;
      }
    };

    /** Where the main thread's own sessions go: straight into their slot, or into the thread-events queue. */
    const localTarget = (index: number): ProjectionTarget => {
      if (output.kind === 'rl') {
        const writer = writerFor(index);
        return {
          kind: 'rl',
          beginSession: () => ({
            writeStep: (step) => {
              if (failure) throw failure;
              return writer.writeStep(step);
            },
            end: async (summary) => endSession(index, writer, summary),
          }),
        };
      }
      return {
        kind: 'thread-events',
        beginSession(sessionId) {
          const lines: string[] = [];
          return {
            write: (event) => void lines.push(serializeThreadEvent(event)),
            end: async () => void threadSessions.set(index, { sessionId, lines }),
          };
        },
      };
    };

    /** The main thread converts files too, between handling the workers' messages. */
    const convertLocally = async (): Promise<void> => {
      for (let index = await letSinkCatchUp().then(takeFile); index !== undefined; index = await letSinkCatchUp().then(takeFile)) {
        const file = files[index]!;
        const fileIndex = index;
        const result = await convertFile(file, {
          openProjection: createProjectionOpener(localTarget(fileIndex)),
          reportIssue: (issue) => run.onIssue(fileIndex, issue),
          readBufferSize: run.readBufferSize,
          rawToolOutputs: rawToolOutputFormFor(output.kind === 'rl' ? output.sink.stepEncoding : null),
          onRead: (bytes) => run.onRead(fileIndex, bytes),
        });
        fileDone(fileIndex, result);
      }
    };

    for (let i = 0; i < workerCount; i++) {
      const worker = new Worker(WORKER_URL, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      workers.push(worker);
      worker.on('message', (message: WorkerToMain) => handle(worker, message));
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (remaining > 0 && !failure) fail(new Error(`a conversion worker exited (code ${code}) before the run finished`));
      });
    }
    localDone = convertLocally().catch(fail);
  });
}
