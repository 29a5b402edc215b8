import { validateJsonlFile } from '../../check/validate-jsonl-file.js';
import { threadEventsProjection, type ThreadEventSessionEnd } from '../../projection/thread-events-projection.js';
import type { ThreadEvent } from '../../translate/thread-events.js';
import type { OutputFormatDescriptor } from '../output-format.js';
import { ThreadEventEncoder } from './thread-event-encoder.js';
import { createThreadEventFileSink, createThreadEventStreamSink, type ThreadEventLines } from './thread-events-sink.js';

/** A format of `codex exec --json`'s thread events. */
export type ThreadEventOutputFormat = OutputFormatDescriptor<ThreadEvent, ThreadEventLines, ThreadEventSessionEnd>;

const ISSUES_FILE_NAME = 'issues.jsonl';

/** `--format thread-events`: per session, the ThreadEvent JSONL `codex exec --json` printed for it. */
export const threadEventsFormat: ThreadEventOutputFormat = {
  name: 'thread-events',
  projection: threadEventsProjection,
  // The replay reads the tool outputs to rebuild exec's items.
  rawToolOutputs: undefined,
  backlog: { kind: 'sessions', max: 4 },
  // A session's event lines are kept until it ends: its file is named after it, and sessions are placed in begin order.
  holdsSessions: { reason: "thread-events output holds each session's event lines in memory until the session ends", memoryPerInputByte: null },
  openSink: (options) => createThreadEventFileSink(options.outDir, options.previous),
  openStream: (stream) => createThreadEventStreamSink(stream),
  createEncoder: () => new ThreadEventEncoder(),
  merge: { kind: 'session-files' },
  layout: {
    isRecordFileName: (name) => name.endsWith('.jsonl') && name !== ISSUES_FILE_NAME,
    validateRecordFile: (ctx, file) => validateJsonlFile(ctx, file, 'thread-event'),
    holdsTrajectories: false,
    metadataFileNames: [],
  },
  // Event files are JSONL: `validate --schema thread-event <file>` reads them.
  looseFiles: [],
};
