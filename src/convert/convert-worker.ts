/**
 * A conversion worker thread: converts the files the main thread hands it, one
 * at a time, and sends back what the main thread's sink needs (see
 * worker-protocol.ts). Started by worker-pool.ts from the compiled `dist/` tree.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { InputFile } from '../read/input-file.js';
import type { BuiltStep } from '../trajectory/built-step.js';
import type { SessionSummary } from '../trajectory/rl-schema.js';
import { serializeThreadEvent } from '../translate/thread-event-json.js';
import type { ThreadEvent } from '../translate/thread-events.js';
import { chunkBuffers } from '../write/arrow-column-builder.js';
import { StepEncoder } from '../write/step-encoder.js';
import type { StepEncoding } from '../write/sink.js';
import { convertFile } from './convert-file.js';
import { createProjectionOpener, rawToolOutputFormFor, type ProjectionTarget, type RlSessionWriter } from './projection-factory.js';
import { NEXT_POSITION, SINK_GATE, type MainToWorker, type WorkerSetup, type WorkerToMain } from './worker-protocol.js';

/**
 * Steps are sent in batches of about this many bytes. Each message costs the two
 * threads some 10-70 µs (more for Arrow chunks, which transfer one buffer per column):
 * 1 MiB batches keep that under 1% of the conversion.
 */
const BATCH_BYTES = 1024 * 1024;
/** A worker stops producing while steps of this many bytes (estimated for Arrow) wait for the main thread. */
const IN_FLIGHT_SIZE = 8 * 1024 * 1024;

const port = parentPort;
if (port === null) throw new Error('convert-worker must run as a worker thread');
const setup = workerData as WorkerSetup;

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

class RemoteSessionWriter implements RlSessionWriter {
  private readonly encoder: StepEncoder;

  constructor(
    private readonly index: number,
    encoding: StepEncoding,
  ) {
    this.encoder = new StepEncoder(encoding);
  }

  writeStep(step: BuiltStep): void | Promise<void> {
    this.encoder.add(step);
    if (this.encoder.pendingBytes >= BATCH_BYTES) return this.flush();
  }

  async end(summary: SessionSummary): Promise<void> {
    await this.flush();
    // Placement happens on the main thread, in input order; this worker moves on.
    send({ type: 'end', index: this.index, summary });
  }

  private flush(): void | Promise<void> {
    const size = this.encoder.pendingBytes;
    const steps = this.encoder.take();
    if (!steps) return;
    // Text and Arrow chunks are fresh buffers of their own: transferred, not copied.
    const buffers = steps.kind === 'text' ? [steps.bytes.buffer as ArrayBuffer] : [...chunkBuffers(steps.chunk)];
    send({ type: 'steps', index: this.index, steps, size }, buffers);
    return flow.sent(size);
  }
}

function createTarget(index: number): ProjectionTarget {
  if (setup.output.kind === 'rl') {
    const encoding = setup.output.stepEncoding;
    return { kind: 'rl', beginSession: () => new RemoteSessionWriter(index, encoding) };
  }
  return {
    kind: 'thread-events',
    beginSession(sessionId) {
      const lines: string[] = [];
      return {
        write: (event: ThreadEvent) => void lines.push(serializeThreadEvent(event)),
        end: async () => send({ type: 'thread-events', index, sessionId, lines }),
      };
    },
  };
}

async function convertOne(index: number, file: InputFile): Promise<void> {
  const result = await convertFile(file, {
    openProjection: createProjectionOpener(createTarget(index)),
    reportIssue: (issue) => send({ type: 'issue', index, issue }),
    readBufferSize: setup.readBufferSize,
    rawToolOutputs: rawToolOutputFormFor(setup.output.kind === 'rl' ? setup.output.stepEncoding : null),
    onRead: (bytes) => send({ type: 'read', index, bytes }),
  });
  send({ type: 'done', index, converted: result.converted, parsedLines: result.parsedLines });
}

port.on('message', (message: MainToWorker) => flow.acknowledged(message.size));

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
