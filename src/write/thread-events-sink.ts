/**
 * `--format thread-events`: per session, the ThreadEvent JSONL that `codex exec --json`
 * would have printed. One `<out>/<session_id>.jsonl` per session (written atomically),
 * or all sessions one after another on a stream for `--stdout`.
 */
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { serializeThreadEvent } from '../translate/thread-event-json.js';
import type { ThreadEvent } from '../translate/thread-events.js';
import { AtomicFile } from './atomic-file.js';
import { createSessionFileNamer } from './session-file-name.js';
import type { OutputFile } from './sink.js';

export type ThreadEventSessionWriter = {
  write(event: ThreadEvent): void;
  /** Lines already serialized with serializeThreadEvent (by a worker thread), without newlines. */
  writeLines(lines: readonly string[]): void;
  end(): Promise<void>;
};

export interface ThreadEventSink {
  beginSession(sessionId: string): ThreadEventSessionWriter;
  close(): Promise<OutputFile[]>;
  abort(): Promise<void>;
}

export function createThreadEventFileSink(outDir: string): ThreadEventSink {
  mkdirSync(outDir, { recursive: true });
  const nameFile = createSessionFileNamer();
  const written: { file: AtomicFile; name: string; rows: number }[] = [];
  return {
    beginSession(sessionId) {
      const lines: string[] = [];
      const name = nameFile(sessionId).replace(/\.json$/, '.jsonl');
      return {
        write: (event) => void lines.push(serializeThreadEvent(event)),
        writeLines: (more) => {
          for (const line of more) lines.push(line);
        },
        async end() {
          const file = await AtomicFile.create(outDir, name);
          written.push({ file, name, rows: lines.length });
          for (const line of lines) await file.write(`${line}\n`);
          await file.finish();
        },
      };
    },
    async close() {
      const files: OutputFile[] = [];
      for (const { file, name, rows } of written) {
        const { bytes, sha256 } = await file.finish();
        await file.moveTo(path.join(outDir, name));
        files.push({ path: name, kind: 'records', rows, bytes, sha256 });
      }
      return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async abort() {
      await Promise.all(written.map(({ file }) => file.discard()));
    },
  };
}

export function createThreadEventStreamSink(stream: Writable): ThreadEventSink {
  let failure: Error | undefined;
  // Without a listener an 'error' (EPIPE when the reader quits) would crash the process.
  const onError = (error: Error): void => {
    failure ??= error;
  };
  stream.on('error', onError);
  /** Waits for room in the stream; a stream that failed or closed instead ends the wait too. */
  const drained = async (): Promise<void> => {
    const stop = new AbortController();
    try {
      await Promise.race([once(stream, 'drain', { signal: stop.signal }), once(stream, 'close', { signal: stop.signal })]);
    } catch (error) {
      failure ??= error as Error;
    } finally {
      stop.abort();
    }
  };
  return {
    beginSession() {
      const lines: string[] = [];
      return {
        write: (event) => void lines.push(serializeThreadEvent(event)),
        writeLines: (more) => {
          for (const line of more) lines.push(line);
        },
        async end() {
          for (const line of lines) {
            if (failure) throw failure;
            if (!stream.write(`${line}\n`)) await drained();
          }
          if (failure) throw failure;
        },
      };
    },
    async close() {
      stream.off('error', onError);
      if (failure) throw failure;
      return [];
    },
    abort: async () => void stream.off('error', onError),
  };
}
