/**
 * Finished sessions placed one at a time in the order they began, whatever order they end
 * in: names given to repeated session ids, and a stream's order, depend on it. A session
 * whose end is null was cancelled and is never placed.
 */
export class SessionOrder<End> {
  private chain: Promise<void> = Promise.resolve();

  /** Reserves the next place; `place` runs once this session has ended and every earlier one is placed. */
  begin(place: (end: End) => Promise<void>): { end(end: End | null): Promise<void> } {
    let resolveEnd!: (end: End | null) => void;
    const ended = new Promise<End | null>((resolve) => {
      resolveEnd = resolve;
    });
    const placed = this.chain.then(async () => {
      const end = await ended;
      if (end !== null) await place(end);
    });
    // A failure is seen by whoever awaits this session's end or settled(); it is not unhandled meanwhile.
    placed.catch(() => undefined);
    this.chain = placed;
    return {
      end(end) {
        resolveEnd(end);
        return placed;
      },
    };
  }

  /** Resolves once every session begun so far is placed or cancelled (rejects with a placing failure). */
  settled(): Promise<void> {
    return this.chain;
  }
}
