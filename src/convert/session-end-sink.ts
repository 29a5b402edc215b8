/**
 * A sink that passes every session through to another, with one thing done to each
 * session's summary as it ends (counted, rewritten). Cancelled sessions never end, so
 * nothing is done to them.
 */
import type { SessionSink } from '../write/sink.js';

export function onSessionEnd<Step, Batch, Summary>(sink: SessionSink<Step, Batch, Summary>, atEnd: (summary: Summary) => Summary): SessionSink<Step, Batch, Summary> {
  return {
    beginSession() {
      const writer = sink.beginSession();
      return {
        writeStep: (step) => writer.writeStep(step),
        writeEncodedSteps: (steps) => writer.writeEncodedSteps(steps),
        end: (summary) => writer.end(atEnd(summary)),
        cancel: () => writer.cancel(),
      };
    },
    // An adopted file's sessions end too: done to each summary once the file is taken.
    adoptRecords: sink.adoptRecords
      ? async (adoption) => {
          const adopted = await sink.adoptRecords!(adoption);
          if (adopted) for (const session of adoption.sessions) atEnd(session.summary);
          return adopted;
        }
      : undefined,
    close: () => sink.close(),
    abort: () => sink.abort(),
  };
}
