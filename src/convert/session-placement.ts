/**
 * The main thread's side of a parallel run: one session slot per file in the sink,
 * opened in input order up to the furthest file handed out, so that whatever thread
 * converts a file and whenever it finishes, its session is placed where a one-thread
 * run would place it. It also tells when the sink falls behind (the format's
 * BacklogPolicy), which pauses the converting threads.
 */
import type { BacklogPolicy } from '../formats/output-format.js';
import type { InputFile } from '../read/input-file.js';
import type { SessionSink, SessionWriter } from '../write/sink.js';

/** Sessions ready to be written that the main thread lets the sink write before it takes another file. */
export const MAX_READY_SESSIONS = 4;

type Slot = SessionWriter<unknown, unknown, unknown>;

export class SessionPlacement {
  private readonly slots = new Map<number, Slot>();
  private slotsOpened = 0;
  /** Sessions handed to the sink and not yet written, by file index. */
  private readonly unwritten = new Map<Promise<void>, number>();
  /** The first file (in input order) not done yet: every session before it can be written now. */
  private frontier = 0;
  private readonly doneFiles = new Set<number>();

  constructor(
    private readonly sink: Pick<SessionSink<unknown, unknown, unknown>, 'beginSession'>,
    private readonly files: readonly InputFile[],
    private readonly backlog: BacklogPolicy,
    /** Called whenever whether the sink is behind may have changed. */
    private readonly onBacklogChange: (behind: boolean) => void,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** The file's slot, opening every slot up to it. */
  slotFor(index: number): Slot {
    for (; this.slotsOpened <= index; this.slotsOpened++) this.slots.set(this.slotsOpened, this.sink.beginSession());
    const slot = this.slots.get(index);
    if (!slot) throw new Error(`no open session slot for file ${index}`);
    return slot;
  }

  /** Ends a session without waiting for its placement (which waits for every earlier file). */
  end(index: number, slot: Slot, summary: unknown): void {
    this.track(index, slot.end(summary));
  }

  /** The file is done: its slot is forgotten (a file without a session cancels it). */
  fileDone(index: number, converted: boolean, afterLastMessage: (work: () => Promise<void> | void) => void): void {
    const slot = this.slotFor(index);
    this.slots.delete(index);
    afterLastMessage(async () => {
      if (!converted) await slot.cancel();
    });
    this.doneFiles.add(index);
    while (this.doneFiles.delete(this.frontier)) this.frontier++;
    this.update();
  }

  /** Sessions the sink could write now but has not: it is falling behind. */
  readySessions(): Promise<void>[] {
    return [...this.unwritten].filter(([, index]) => index < this.frontier).map(([written]) => written);
  }

  private track(index: number, written: Promise<void>): void {
    this.unwritten.set(written, index);
    this.update();
    written.then(
      () => {
        this.unwritten.delete(written);
        this.update();
      },
      (error: unknown) => {
        this.unwritten.delete(written);
        this.onFailure(error);
      },
    );
  }

  private update(): void {
    this.onBacklogChange(this.isBehind());
  }

  private isBehind(): boolean {
    if (this.backlog.kind === 'sessions') return this.readySessions().length > this.backlog.max;
    // Sessions waiting in memory for the ones before them: their rollouts' size bounds how many may wait.
    let bytes = 0;
    for (const index of this.unwritten.values()) bytes += this.files[index]!.size;
    return bytes > this.backlog.max;
  }
}
