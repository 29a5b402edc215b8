/**
 * Parquet as a ShardEncoder, written by parquet-wasm (the Rust parquet crate compiled to
 * WebAssembly). Each Arrow record batch crosses into WebAssembly memory as IPC bytes and
 * goes to parquet-wasm's streaming writer; the Parquet bytes it produces go to the
 * shard's file as they come.
 *
 * Each record batch becomes one row group. The shard file cuts a batch at 256 rows or
 * 8 MiB of Arrow data (a larger session makes a batch alone), so a row group is bounded in
 * bytes as well as in rows: one group of long sessions cannot blow up memory, and short
 * sessions still share a group. The writer holds a whole row group until it ends, and
 * WebAssembly memory never shrinks, so the largest row group sets the run's peak memory.
 *
 * This module is loaded only when a Parquet shard is written: parquet-wasm compiles its
 * 5 MB WebAssembly module when imported, and the CLI bundle leaves it out.
 */
import { Table, tableToIPC, type RecordBatch, type Schema } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import type { OpenShardEncoder, ShardByteSink, ShardEncoder } from '../arrow/arrow-shard-file.js';
import { HF_METADATA_KEY } from '../arrow/arrow-schema.js';

/**
 * The writer closes its row group once the group's encoded size reaches this many bytes,
 * checked after each batch, and it never splits a batch it starts an empty group with:
 * one byte closes a row group after every batch, so the row groups are exactly the batches.
 */
const CLOSE_ROW_GROUP_AFTER_EACH_BATCH = 1;

function writerProperties(schema: Schema): parquet.WriterProperties {
  const metadata = new Map<string, string>();
  // `datasets` reads the column features from the file's key-value metadata, as pyarrow writes it.
  const features = schema.metadata.get(HF_METADATA_KEY);
  if (features !== undefined) metadata.set(HF_METADATA_KEY, features);
  return new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    // The text columns that make up the bytes (tool outputs, arguments, messages) hold mostly
    // distinct values: the writer hashed them into a dictionary in every row group until it
    // outgrew its page and fell back to plain. Without dictionaries the 2 GB bench corpus takes
    // 3-4% less CPU, and zstd compresses the few repeated short values (step types) as well.
    .setDictionaryEnabled(false)
    .setMaxRowGroupBytes(CLOSE_ROW_GROUP_AFTER_EACH_BATCH)
    .setKeyValueMetadata(metadata)
    .build();
}

class ParquetEncoder implements ShardEncoder {
  private input!: ReadableStreamDefaultController<parquet.RecordBatch>;
  private readonly output: Promise<ReadableStream<Uint8Array>>;
  private pump: Promise<void> | undefined;
  private wroteBatch = false;

  constructor(
    private readonly schema: Schema,
    private readonly sink: ShardByteSink,
  ) {
    const batches = new ReadableStream<parquet.RecordBatch>({ start: (controller) => void (this.input = controller) }, { highWaterMark: 0 });
    // Resolves once the writer has read the first batch (whose schema starts the file).
    this.output = parquet.transformParquetStream(batches, writerProperties(schema)) as Promise<ReadableStream<Uint8Array>>;
  }

  async write(batch: RecordBatch): Promise<void> {
    const table = parquet.Table.fromIPCStream(tableToIPC(new Table([batch]), 'stream'));
    const wasmBatch = table.recordBatch(0);
    table.free();
    if (!wasmBatch) throw new Error('parquet-wasm read no record batch from the IPC bytes');
    this.input.enqueue(wasmBatch);
    this.wroteBatch = true;
    if (!this.pump) {
      this.pump = this.output.then((stream) => this.copy(stream));
      // Its failure is reported by finish(), which awaits it; until then it is not unhandled.
      this.pump.catch(() => undefined);
    }
  }

  async finish(emptyBatch: () => RecordBatch): Promise<void> {
    // A shard with no rows still holds the schema: the writer needs one (empty) batch to learn it.
    if (!this.wroteBatch) await this.write(emptyBatch());
    this.input.close();
    await this.pump;
  }

  private async copy(stream: ReadableStream<Uint8Array>): Promise<void> {
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      await this.sink(value);
    }
  }
}

export const parquetEncoder: OpenShardEncoder = async (schema, sink) => new ParquetEncoder(schema, sink);
