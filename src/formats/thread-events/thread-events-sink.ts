/**
 * `--format thread-events`: per session, the ThreadEvent JSONL that `codex exec --json`
 * would have printed. One `<out>/<session_id>.jsonl` per session (written atomically),
 * or all sessions one after another on a stream for `--stdout`. Sessions are placed in
 * the order they began (file names of repeated session ids depend on it).
 */
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { serializeThreadEvent } from '../../translate/thread-event-json.js';
import type { ThreadEventSessionEnd } from '../../projection/thread-events-projection.js';
import type { ThreadEvent } from '../../translate/thread-events.js';
import { AtomicFile } from '../../write/atomic-file.js';
import type { PreviousFiles } from '../../write/reference-file.js';
import { createSessionFileNamer } from '../../write/session-file-name.js';
import type { OutputFile, SessionSink } from '../../write/sink.js';

/** Events already serialized with serializeThreadEvent (by a worker thread), without newlines. */
export type ThreadEventLines = { lines: string[] };

type ThreadEventSink = SessionSink<ThreadEvent, ThreadEventLines, ThreadEventSessionEnd>;

/** Writes one finished session's lines; called one session at a time, in begin order. */
type PlaceSession = (sessionId: string, lines: readonly string[]) => Promise<void>;

function createOrderedEventSink(place: PlaceSession, finish: () => Promise<OutputFile[]>, discard: () => Promise<void>): ThreadEventSink {
  let chain: Promise<void> = Promise.resolve();
  let sessions = 0;
  return {
    beginSession() {
      const lines: string[] = [];
      let resolveEnd!: (end: ThreadEventSessionEnd | null) => void;
      const ended = new Promise<ThreadEventSessionEnd | null>((resolve) => {
        resolveEnd = resolve;
      });
      const placed = chain.then(async () => {
        const end = await ended;
        if (end === null) return;
        await place(end.sessionId, lines);
        sessions += 1;
      });
      placed.catch(() => undefined);
      chain = placed;
      return {
        writeStep: (event) => void lines.push(serializeThreadEvent(event)),
        writeEncodedSteps: (batch) => {
          for (const line of batch.lines) lines.push(line);
        },
        end(end) {
          resolveEnd(end);
          return placed;
        },
        cancel() {
          resolveEnd(null);
          return placed;
        },
      };
    },
    async close() {
      await chain;
      return { files: await finish(), sessions, steps: {} };
    },
    abort: discard,
  };
}

export function createThreadEventFileSink(outDir: string, previous?: PreviousFiles): ThreadEventSink {
  mkdirSync(outDir, { recursive: true });
  const nameFile = createSessionFileNamer();
  const written: { file: AtomicFile; name: string; rows: number }[] = [];
  const place: PlaceSession = async (sessionId, lines) => {
    const name = nameFile(sessionId).replace(/\.json$/, '.jsonl');
    const file = await AtomicFile.create(outDir, name, previous?.get(name));
    written.push({ file, name, rows: lines.length });
    for (const line of lines) await file.write(`${line}\n`);
    await file.finish();
  };
  const finish = async (): Promise<OutputFile[]> => {
    const files: OutputFile[] = [];
    for (const { file, name, rows } of written) {
      const { bytes, sha256 } = await file.finish();
      await file.moveTo(path.join(outDir, name));
      files.push({ path: name, kind: 'records', rows, bytes, sha256 });
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  };
  const discard = async (): Promise<void> => {
    await Promise.all(written.map(({ file }) => file.discard()));
  };
  return createOrderedEventSink(place, finish, discard);
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
  const place: PlaceSession = async (_sessionId, lines) => {
    for (const line of lines) {
      if (failure) throw failure;
      if (!stream.write(`${line}\n`)) await drained();
    }
    if (failure) throw failure;
  };
  const finish = async (): Promise<OutputFile[]> => {
    stream.off('error', onError);
    if (failure) throw failure;
    return [];
  };
  return createOrderedEventSink(place, finish, async () => void stream.off('error', onError));
}
