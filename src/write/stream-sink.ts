/**
 * `--stdout`: JSONL records streamed to a Writable (the CLI passes process.stdout).
 * Records go out as soon as they are placed, honouring the stream's back-pressure.
 * Nothing is atomic here and no file is listed: a pipe has no temp name.
 */
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import type { Writable } from 'node:stream';
import { createOrderedSink } from './ordered-sink.js';
import type { RecordSink } from './sink.js';
import { createTextHandler, writeBufferedRecord, type RecordPlacer } from './text-session.js';
import type { TextSteps } from './text-steps.js';

type StreamSinkOptions = {
  stream: Writable;
  /** Where sessions larger than `spillBytes` wait (default: the OS temp directory). */
  spillDir?: string | undefined;
  spillBytes?: number | undefined;
};

/** Places each finished row on the stream, in order, as the stream drains. */
export function createStreamPlacer(stream: Writable): RecordPlacer {
  let failure: Error | undefined;
  // Without a listener an 'error' (EPIPE when the reader quits) would crash the process.
  const onError = (error: Error): void => {
    failure ??= error;
  };
  stream.on('error', onError);

  async function write(chunk: string | Uint8Array): Promise<void> {
    if (failure) throw failure;
    // A stream keeps what it is given until it is flushed, and drained step memory is reused.
    if (!stream.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk))) {
      const stop = new AbortController();
      try {
        await Promise.race([once(stream, 'drain', { signal: stop.signal }), once(stream, 'close', { signal: stop.signal })]);
      } finally {
        stop.abort();
      }
      if (failure) throw failure;
    }
  }

  return {
    place: (record) => writeBufferedRecord(record, write),
    async finish() {
      stream.off('error', onError);
      if (failure) throw failure;
      return [];
    },
    async abort() {
      stream.off('error', onError);
    },
  };
}

export function createStreamSink(options: StreamSinkOptions): RecordSink<TextSteps> {
  return createOrderedSink(
    createTextHandler({
      layout: 'compact',
      spillDir: options.spillDir ?? tmpdir(),
      spillBytes: options.spillBytes,
      placer: createStreamPlacer(options.stream),
    }),
  );
}
