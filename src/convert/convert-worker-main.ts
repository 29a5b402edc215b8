/**
 * A conversion worker thread: converts the files the main thread hands it, one
 * at a time, and sends back what the main thread's sink needs (see
 * worker-protocol.ts), prepared by the output format's own encoder. Loaded by the
 * worker's entry (convert-worker.ts) once the compile cache is on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Anonymizer } from '../anonymize/anonymizer.js';
import { OUTPUT_FORMATS } from '../formats/output-formats.js';
import type { StepWriter } from '../projection/session-projection.js';
import type { InputFile } from '../read/input-file.js';
import type { StepBatchEncoder } from '../write/sink.js';
import { convertToFormat } from './convert-to-format.js';
import type { AnyOutputFormat } from './any-output-format.js';
import { NEXT_POSITION, SINK_GATE, STEP_BATCH_BYTES, type MainToWorker, type WorkerSetup, type WorkerToMain } from './worker-protocol.js';

/**
 * Steps are sent in batches of STEP_BATCH_BYTES. Each message costs the two threads some
 * 10-70 µs (more for Arrow chunks, which transfer one buffer per column): 1 MiB batches
 * keep that under 1% of the conversion.
 */
/** A worker stops producing while steps of this many bytes (estimated for Arrow) wait for the main thread. */
const IN_FLIGHT_SIZE = 8 * 1024 * 1024;

const port = parentPort;
if (port === null) throw new Error('convert-worker must run as a worker thread');
/** A pre-started worker (worker-prestart.ts) gets its setup as the first message. */
async function receiveSetup(): Promise<WorkerSetup> {
  return new Promise((resolve) => port!.once('message', (message: MainToWorker) => message.type === 'setup' && resolve(message.setup)));
}
const setup = (workerData as WorkerSetup | null) ?? (await receiveSetup());
const format: AnyOutputFormat = OUTPUT_FORMATS[setup.format];
const anonymizer = setup.anonymize ? new Anonymizer(setup.anonymize) : null;

function send(message: WorkerToMain, transfer?: ArrayBuffer[]): void {
  port!.postMessage(message, transfer);
}

/** Steps sent and not yet taken by the main thread; writers wait while they are too many. */
class FlowControl {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  sent(size: number): void | Promise<void> {
    this.inFlight += size;
    if (this.inFlight <= IN_FLIGHT_SIZE) return;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  acknowledged(size: number): void {
    this.inFlight -= size;
    if (this.inFlight > IN_FLIGHT_SIZE) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

const flow = new FlowControl();

/** Encodes a session's steps with the format's encoder and sends them in batches. */
class RemoteSessionWriter implements StepWriter<unknown, unknown> {
  private readonly encoder: StepBatchEncoder<unknown, unknown> = format.createEncoder();

  constructor(private readonly index: number) {}

  writeStep(step: unknown): void | Promise<void> {
    this.encoder.add(step);
    if (this.encoder.pendingBytes >= STEP_BATCH_BYTES) return this.flush();
  }

  async end(summary: unknown): Promise<void> {
    await this.flush();
    // Placement happens on the main thread, in input order; this worker moves on.
    send({ type: 'end', index: this.index, summary });
  }

  private flush(): void | Promise<void> {
    const size = this.encoder.pendingBytes;
    const steps = this.encoder.take();
    if (steps === null) return;
    // Encoded batches are fresh buffers of their own: transferred, not copied.
    send({ type: 'steps', index: this.index, steps, size }, this.encoder.transferables(steps));
    return flow.sent(size);
  }
}

async function convertOne(index: number, file: InputFile): Promise<void> {
  const result = await convertToFormat(file, {
    format,
    openWriter: () => new RemoteSessionWriter(index),
    redact: setup.redact,
    anonymizer,
    projectionOptions: setup.projectionOptions,
    filters: setup.filters,
    readBufferSize: setup.readBufferSize,
    reportIssue: (issue) => send({ type: 'issue', index, issue }),
    onRead: (bytes) => send({ type: 'read', index, bytes }),
  });
  send({ type: 'done', index, result });
}

port.on('message', (message: MainToWorker) => message.type === 'ack' && flow.acknowledged(message.size));

const shared = new Int32Array(setup.shared);

/** Atomics.waitAsync (Node 16+, ES2024; the project's TypeScript lib is ES2023). */
const waitAsync = (Atomics as unknown as { waitAsync(array: Int32Array, index: number, value: number): { async: boolean; value: unknown } }).waitAsync;

/** Waits while the main thread's sink is behind: converting more would only pile up sessions in memory. */
async function waitForSink(): Promise<void> {
  while (Atomics.load(shared, SINK_GATE) === 1) {
    const wait = waitAsync(shared, SINK_GATE, 1);
    if (wait.async) await wait.value;
  }
}

/** Takes files until the shared order runs out. */
async function convertFiles(): Promise<void> {
  for (;;) {
    await waitForSink();
    const position = Atomics.add(shared, NEXT_POSITION, 1);
    if (position >= setup.order.length) break;
    const index = setup.order[position]!;
    try {
      await convertOne(index, setup.files[index]!);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      send({ type: 'failed', index, message: failure.message, stack: failure.stack });
      return;
    }
  }
  send({ type: 'idle' });
}

void convertFiles();
