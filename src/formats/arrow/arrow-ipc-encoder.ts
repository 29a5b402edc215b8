/**
 * Arrow IPC, stream or file flavour, as a ShardEncoder. The IPC writer encodes each
 * batch synchronously into a capture queue, whose bytes go to the shard's file.
 */
import { AsyncByteQueue, RecordBatchFileWriter, RecordBatchStreamWriter, type RecordBatch, type RecordBatchWriter, type Schema } from 'apache-arrow';
import type { ArrowIpcFormat } from '../../schema/output-format-names.js';
import type { OpenShardEncoder, ShardByteSink, ShardEncoder } from './arrow-shard-file.js';

/** Collects the IPC writer's output instead of queueing it for an async reader. */
class CaptureQueue extends AsyncByteQueue {
  chunks: Uint8Array[] = [];
  override write(value: unknown): void {
    const view = value as ArrayBufferView;
    if (view.byteLength > 0) this.chunks.push(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  }
  take(): Uint8Array[] {
    const taken = this.chunks;
    this.chunks = [];
    return taken;
  }
}

class ArrowIpcEncoder implements ShardEncoder {
  private readonly writer: RecordBatchWriter;
  private readonly queue = new CaptureQueue();

  constructor(
    ipc: ArrowIpcFormat,
    schema: Schema,
    private readonly sink: ShardByteSink,
  ) {
    this.writer = ipc === 'file' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
    // Starts the IPC stream with the schema (and, for the file format, the magic).
    this.writer.reset(this.queue as unknown as Parameters<RecordBatchWriter['reset']>[0], schema);
  }

  async write(batch: RecordBatch): Promise<void> {
    this.writer.write(batch);
    await this.drain();
  }

  /** Writes the end of the IPC stream (EOS marker, or the footer for the file format). */
  async finish(): Promise<void> {
    this.writer.close();
    await this.drain();
  }

  async drain(): Promise<void> {
    for (const chunk of this.queue.take()) await this.sink(chunk);
  }
}

export function arrowIpcEncoder(ipc: ArrowIpcFormat): OpenShardEncoder {
  return async (schema, sink) => {
    const encoder = new ArrowIpcEncoder(ipc, schema, sink);
    await encoder.drain();
    return encoder;
  };
}
