/**
 * Conversion workers started before the main thread loads its own modules. A worker
 * spends most of its start-up loading and compiling the conversion code; the main thread
 * spends the same time loading the CLI, discovering the inputs and opening the output.
 * Started first, the two overlap. A pre-started worker waits for its WorkerSetup as a
 * message (a worker started by the pool gets it as workerData); until the pool takes it,
 * it is unref'd, so one the run does not need never keeps the process alive.
 *
 * This module imports nothing of the converter: the CLI entry loads it first.
 */
import { Worker } from 'node:worker_threads';

/** The compiled worker script beside this module (none when running from the TypeScript sources). */
export const WORKER_URL = new URL('./convert-worker.js', import.meta.url);

/**
 * A worker's young generation. V8's default (3 x 16 MB semi-spaces) is sized for
 * throughput on big heaps; conversion keeps little alive, and a smaller one costs no
 * measurable time while keeping each worker's memory down.
 */
export const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 12 } } as const;

const waiting: Worker[] = [];
/** Pre-started workers that stopped before the pool took them (a failed start): never handed out. */
const exited = new WeakSet<Worker>();

/** Starts `count` workers that wait for their setup. Failing to start one is left to the pool, which starts its own. */
export function prestartWorkers(count: number): void {
  for (let i = 0; i < count; i++) {
    try {
      const worker = new Worker(WORKER_URL, { ...WORKER_OPTIONS, workerData: null });
      // An error before the pool takes the worker is the pool's to see: it checks the worker is alive.
      worker.on('error', () => undefined);
      worker.once('exit', () => exited.add(worker));
      worker.unref();
      waiting.push(worker);
    } catch {
      return;
    }
  }
}

/** A pre-started worker for the pool, or undefined when none is left. */
export function takePrestartedWorker(): Worker | undefined {
  let worker = waiting.shift();
  while (worker && exited.has(worker)) worker = waiting.shift();
  worker?.ref();
  return worker;
}

/** Stops the pre-started workers the run did not need. */
export function releasePrestartedWorkers(): void {
  for (const worker of waiting.splice(0)) void worker.terminate();
}
