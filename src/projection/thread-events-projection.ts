import type { EventMsg } from '../codex/event-msg.js';
import { sessionIdOf } from '../rollout/session-header.js';
import { EventProcessor } from '../translate/event-processor.js';
import { execDialectFor, type ExecDialect } from '../translate/exec-dialect.js';
import type { ThreadEvent } from '../translate/thread-events.js';
import type { ProjectionKind, SessionProjection, StepWriter } from './session-projection.js';
import { CopiedHistory } from '../codex/copied-history.js';
import type { RolloutRecord } from '../rollout/records.js';

/** What a session's thread events end with: the session id (its file is named after it). */
export type ThreadEventSessionEnd = { sessionId: string };

/**
 * What `codex exec --json` printed for the session. A session started by
 * `codex exec` ran one exec process per turn (resumes included), and each process
 * numbered its items from `item_0` and printed `thread.started` once: so for
 * those, every turn gets a fresh translator and only the first says thread.started.
 *
 * A Desktop fork's copy of its parent's history (codex/copied-history.ts) was never printed
 * by the fork: its events are left out, and the fork's own events start after it (with a
 * turn.started of their own where the copy ended inside an open turn).
 */
class ThreadEventsProjection implements SessionProjection {
  private processor: EventProcessor;
  private turnsSeen = 0;
  private readonly copiedHistory = new CopiedHistory();
  /** The copy was seen and the fork's own events have not started a turn yet. */
  private afterCopy = false;

  constructor(
    private readonly writer: StepWriter<ThreadEvent, ThreadEventSessionEnd>,
    private readonly sessionId: string,
    private readonly dialect: ExecDialect,
    private readonly processPerTurn: boolean,
  ) {
    this.processor = new EventProcessor({ dialect });
  }

  async push(record: RolloutRecord, events: EventMsg[]): Promise<void> {
    if (this.copiedHistory.isCopied(record)) {
      this.afterCopy = true;
      return;
    }
    await this.pushTrailing(events);
  }

  async pushTrailing(events: EventMsg[]): Promise<void> {
    for (const event of events) {
      if (this.afterCopy && !QUIET_EVENTS.has(event.type)) {
        this.afterCopy = false;
        // The copy ended inside the parent's open turn: the fork's own events open one.
        if (event.type !== 'task_started') await this.pushTrailing([{ type: 'task_started' }]);
      }
      if (event.type === 'task_started') {
        if (this.processPerTurn && this.turnsSeen > 0) this.processor = new EventProcessor({ dialect: this.dialect });
        this.turnsSeen++;
      }
      for (const threadEvent of this.processor.process(event)) await this.writer.writeStep(threadEvent);
    }
  }

  async finish(): Promise<void> {
    await this.writer.end({ sessionId: this.sessionId });
  }
}

/** Events that print nothing of a turn's own (they need no turn.started before them). */
const QUIET_EVENTS: ReadonlySet<EventMsg['type']> = new Set(['session_configured', 'token_count', 'user_message']);

export const threadEventsProjection: ProjectionKind<ThreadEvent, ThreadEventSessionEnd> = {
  name: 'thread-events',
  open(start, writer) {
    const meta = start.firstRecord.kind === 'session_meta' ? start.firstRecord.meta : null;
    const sessionId = sessionIdOf(meta) ?? start.fallbackSessionId;
    return new ThreadEventsProjection(writer, sessionId, execDialectFor(meta?.cli_version), meta?.originator === 'codex_exec');
  },
};
