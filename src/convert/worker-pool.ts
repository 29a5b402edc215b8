/**
 * Converts files on worker threads (`--jobs N`), while the main thread owns the
 * sinks: it opens each file's session slot in input order, feeds it the steps the
 * worker already serialized, and so writes exactly the bytes a one-thread run
 * writes. Workers take files in planConversionOrder.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InputIssue } from '../issues.js';
import type { InputFile } from '../read/input-file.js';
import { DEFAULT_SPILL_BYTES } from '../write/step-buffer.js';
import type { RecordSink, SessionWriter } from '../write/sink.js';
import type { ThreadEventSink } from '../write/thread-events-sink.js';
import { planConversionOrder } from './conversion-order.js';
import type { FileConversionResult } from './convert-file.js';
import type { MainToWorker, WorkerSetup, WorkerToMain } from './worker-protocol.js';

/**
 * The compiled worker script beside this module. Running from the TypeScript
 * sources (under vitest) there is none, and conversion stays on the calling thread.
 */
const WORKER_URL = new URL('./convert-worker.js', import.meta.url);

export function canUseWorkers(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

export type WorkerRunOutput = { kind: 'rl'; sink: RecordSink } | { kind: 'thread-events'; sink: ThreadEventSink };

export type WorkerRun = {
  files: readonly InputFile[];
  jobs: number;
  output: WorkerRunOutput;
  readBufferSize?: number | undefined;
  /** Issues of each file, as they are found (not in input order). */
  onIssue(index: number, issue: InputIssue): void;
  /** Bytes read so far in a file. */
  onRead(index: number, bytes: number): void;
  /** Called once per file, when its session (if any) was handed to the sink. */
  onFileDone(index: number, result: FileConversionResult): void;
};

type ThreadSession = { sessionId: string; lines: string[] };

export function convertWithWorkers(run: WorkerRun): Promise<void> {
  const { files, output } = run;
  const setup: WorkerSetup =
    output.kind === 'rl'
      ? { kind: 'rl', stepEncoding: output.sink.stepEncoding, readBufferSize: run.readBufferSize }
      : { kind: 'thread-events', readBufferSize: run.readBufferSize };
  const order = planConversionOrder(files, DEFAULT_SPILL_BYTES);
  const workerCount = Math.max(1, Math.min(run.jobs, files.length));

  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let remaining = files.length;
    let failure: Error | undefined;
    /** RL: one session slot per file, opened in input order up to the furthest file handed out. */
    const writers: SessionWriter[] = [];
    /** Per file, the main-thread work on its messages, in arrival order. */
    const chains = new Map<number, Promise<void>>();
    const placements: Promise<void>[] = [];
    /** Thread events: finished files, flushed to the sink in input order. */
    const threadSessions = new Map<number, ThreadSession | null>();
    let threadCursor = 0;
    let threadFlush: Promise<void> = Promise.resolve();

    const fail = (error: unknown): void => {
      if (failure) return;
      failure = error instanceof Error ? error : new Error(String(error));
      void Promise.all(workers.map((w) => w.terminate())).finally(() => reject(failure));
    };

    const enqueue = (index: number, work: () => void | Promise<void>): void => {
      const chain = (chains.get(index) ?? Promise.resolve()).then(work);
      chains.set(index, chain);
      chain.catch(fail);
    };

    const writerFor = (index: number): SessionWriter => {
      if (output.kind !== 'rl') throw new Error('no record sink in a thread-events run');
      while (writers.length <= index) writers.push(output.sink.beginSession());
      return writers[index]!;
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
        threadFlush.catch(fail);
      }
    };

    const dispatch = (worker: Worker): void => {
      const index = order[next++];
      if (index === undefined) return;
      if (output.kind === 'rl') writerFor(index);
      worker.postMessage({ type: 'file', index, file: files[index]! } satisfies MainToWorker);
    };

    const finish = async (): Promise<void> => {
      await Promise.all([...chains.values(), ...placements, threadFlush]);
      await Promise.all(workers.map((w) => w.terminate()));
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
          enqueue(message.index, () => {
            const placed = writer.end(message.summary);
            placed.catch(fail);
            placements.push(placed);
          });
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
        case 'done': {
          const { index } = message;
          const result: FileConversionResult = { converted: message.converted, parsedLines: message.parsedLines };
          enqueue(index, async () => {
            if (output.kind === 'rl' && !result.converted) await writerFor(index).cancel();
          });
          if (output.kind === 'thread-events') {
            if (!threadSessions.has(index)) threadSessions.set(index, null);
            flushThreadSessions();
          }
          run.onFileDone(index, result);
          remaining--;
          if (remaining === 0) finish().then(resolve, fail);
          else dispatch(worker);
          return;
        }
        case 'failed':
          fail(new Error(`converting ${files[message.index]?.path ?? '?'} failed: ${message.message}\n${message.stack ?? ''}`));
          return;
      }
    };

    for (let i = 0; i < workerCount; i++) {
      const worker = new Worker(WORKER_URL, { workerData: setup });
      workers.push(worker);
      worker.on('message', (message: WorkerToMain) => handle(worker, message));
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (remaining > 0 && !failure) fail(new Error(`a conversion worker exited (code ${code}) before the run finished`));
      });
      dispatch(worker);
    }
  });
}
