/**
 * Picks the sink for the CLI's output options: `--stdout` streams JSONL, else
 * `--format json|jsonl|arrow` writes into `outDir`.
 */
import type { Writable } from 'node:stream';
import { createArrowSink } from './arrow.js';
import { createJsonSink } from './json.js';
import { createJsonlSink } from './jsonl.js';
import type { ArrowIpcFormat, OutputFormat } from './output-format.js';
import type { RecordSink } from './sink.js';
import { createStreamSink } from './stdout.js';

export type SinkOptions = {
  /** `thread-events` has its own sink (thread-events-sink.ts), not a RecordSink. */
  format: Exclude<OutputFormat, 'thread-events'>;
  outDir: string;
  /** When set, JSONL records go to this stream and nothing is written to `outDir`. */
  stdout?: Writable | undefined;
  shardBytes?: number | undefined;
  shardRows?: number | undefined;
  arrowIpc?: ArrowIpcFormat | undefined;
};

export function createSink(options: SinkOptions): RecordSink {
  if (options.stdout) return createStreamSink({ stream: options.stdout });
  switch (options.format) {
    case 'json':
      return createJsonSink({ outDir: options.outDir });
    case 'jsonl':
      return createJsonlSink({ outDir: options.outDir, shardBytes: options.shardBytes, shardRows: options.shardRows });
    case 'arrow':
      return createArrowSink({
        outDir: options.outDir,
        ipc: options.arrowIpc,
        shardBytes: options.shardBytes,
        shardRows: options.shardRows,
      });
  }
}
