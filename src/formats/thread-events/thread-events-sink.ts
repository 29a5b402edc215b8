/**
 * `--format thread-events`: per session, the ThreadEvent JSONL that `codex exec --json`
 * would have printed. One `<out>/<session_id>.jsonl` per session (written atomically),
 * or all sessions one after another on a stream for `--stdout`. Sessions are placed in
 * the order they began (file names of repeated session ids depend on it).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { serializeThreadEvent } from '../../translate/thread-event-json.js';
import type { ThreadEventSessionEnd } from '../../projection/thread-events-projection.js';
import type { ThreadEvent } from '../../translate/thread-events.js';
import type { PreviousFiles } from '../../write/reference-file.js';
import { createSessionFileNamer } from '../../write/session-file-name.js';
import { SessionFiles } from '../../write/session-files.js';
import { SessionOrder } from '../../write/session-order.js';
import type { OutputFile, SessionSink } from '../../write/sink.js';

/** Events already serialized with serializeThreadEvent (by a worker thread), without newlines. */
export type ThreadEventLines = { lines: string[] };

type ThreadEventSink = SessionSink<ThreadEvent, ThreadEventLines, ThreadEventSessionEnd>;

/** Writes one finished session's lines; called one session at a time, in begin order. */
type PlaceSession = (sessionId: string, lines: readonly string[]) => Promise<void>;

function createOrderedEventSink(place: PlaceSession, finish: () => Promise<OutputFile[]>, discard: () => Promise<void>): ThreadEventSink {
  const order = new SessionOrder<ThreadEventSessionEnd>();
  let sessions = 0;
  return {
    beginSession() {
      const lines: string[] = [];
      const session = order.begin(async (end) => {
        await place(end.sessionId, lines);
        sessions += 1;
      });
      return {
        writeStep: (event) => void lines.push(serializeThreadEvent(event)),
        writeEncodedSteps: (batch) => {
          for (const line of batch.lines) lines.push(line);
        },
        end: (end) => session.end(end),
        cancel: () => session.end(null),
      };
    },
    async close() {
      await order.settled();
      return { files: await finish(), sessions, steps: {} };
    },
    abort: discard,
  };
}

function* withNewlines(lines: readonly string[]): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}

export function createThreadEventFileSink(outDir: string, previous?: PreviousFiles): ThreadEventSink {
  const files = new SessionFiles(outDir, previous);
  const nameFile = createSessionFileNamer();
  const place: PlaceSession = (sessionId, lines) => files.write(nameFile(sessionId).replace(/\.json$/, '.jsonl'), lines.length, withNewlines(lines));
  return createOrderedEventSink(place, () => files.finish(), () => files.discard());
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
