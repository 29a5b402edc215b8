/**
 * Opens the output projection for a session that just began in a file: the RL
 * record (steps streamed to a session writer) or the `codex exec --json` events.
 * The same code runs on the main thread and in worker threads; only where the
 * writers send their output differs.
 */
import { execDialectFor } from '../translate/exec-dialect.js';
import type { RawToolOutputForm } from '../rollout/tool-output-line.js';
import type { SessionWriter, StepEncoding } from '../write/sink.js';
import type { SessionStart } from './convert-file.js';
import { RlProjection } from './rl-projection.js';
import type { SessionProjection } from './session-projection.js';
import { ThreadEventsProjection, type ThreadEventWriter } from './thread-events-projection.js';
import { sessionIdOf } from '../rollout/session-header.js';

/** What the RL projection needs of a session writer. */
export type RlSessionWriter = Pick<SessionWriter, 'writeStep' | 'end'>;

export type ProjectionTarget =
  | { kind: 'rl'; beginSession(start: SessionStart): RlSessionWriter }
  | { kind: 'thread-events'; beginSession(sessionId: string, start: SessionStart): ThreadEventWriter };

export function createProjectionOpener(target: ProjectionTarget): (start: SessionStart) => SessionProjection {
  if (target.kind === 'rl') {
    return (start) => new RlProjection(target.beginSession(start), { sourcePath: start.sourcePath, fallbackSessionId: start.fallbackSessionId });
  }
  return (start) => {
    const meta = start.firstRecord.kind === 'session_meta' ? start.firstRecord.meta : null;
    const sessionId = sessionIdOf(meta) ?? start.fallbackSessionId;
    return new ThreadEventsProjection(target.beginSession(sessionId, start), execDialectFor(meta?.cli_version), meta?.originator === 'codex_exec');
  };
}

/**
 * How the decoder keeps tool outputs for an output (`encoding`; null for thread events,
 * whose replay reads them): the RL record copies them, as JSON text into text records and
 * as UTF-8 bytes into Arrow columns.
 */
export function rawToolOutputFormFor(encoding: StepEncoding | null): RawToolOutputForm | undefined {
  if (!encoding) return undefined;
  return encoding.kind === 'arrow' ? 'utf8' : 'json';
}
