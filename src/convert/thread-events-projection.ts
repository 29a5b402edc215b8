import type { EventMsg } from '../codex/event-msg.js';
import { EventProcessor } from '../translate/event-processor.js';
import type { ExecDialect } from '../translate/exec-dialect.js';
import type { ThreadEvent } from '../translate/thread-events.js';
import type { SessionProjection } from './session-projection.js';

export type ThreadEventWriter = {
  write(event: ThreadEvent): void;
  end(): Promise<void>;
};

/**
 * What `codex exec --json` printed for the session. A session started by
 * `codex exec` ran one exec process per turn (resumes included), and each process
 * numbered its items from `item_0` and printed `thread.started` once: so for
 * those, every turn gets a fresh translator and only the first says thread.started.
 */
export class ThreadEventsProjection implements SessionProjection {
  private processor: EventProcessor;
  private turnsSeen = 0;

  constructor(
    private readonly writer: ThreadEventWriter,
    private readonly dialect: ExecDialect,
    private readonly processPerTurn: boolean,
  ) {
    this.processor = new EventProcessor({ dialect });
  }

  push(_record: unknown, events: EventMsg[]): void {
    this.pushTrailing(events);
  }

  pushTrailing(events: EventMsg[]): void {
    for (const event of events) {
      if (event.type === 'task_started') {
        if (this.processPerTurn && this.turnsSeen > 0) this.processor = new EventProcessor({ dialect: this.dialect });
        this.turnsSeen++;
      }
      for (const threadEvent of this.processor.process(event)) this.writer.write(threadEvent);
    }
  }

  async finish(): Promise<void> {
    await this.writer.end();
  }
}
