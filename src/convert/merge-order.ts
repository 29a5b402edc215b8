/**
 * Puts the parts' records (or issues) back in the order one run over every input writes
 * them: by input position. Each part lists its own in increasing position, and the parts
 * hold disjoint inputs, so taking the smallest head each time restores the whole order
 * while holding one item per part.
 */

/** An item and the position of the input it came from (-1: discovery, before every input). */
export type Positioned<T> = { position: number; value: T };

export async function* inInputOrder<T>(sources: readonly AsyncIterator<Positioned<T>>[]): AsyncGenerator<T> {
  const heads = await Promise.all(sources.map((source) => source.next()));
  for (;;) {
    let pick = -1;
    for (const [i, head] of heads.entries()) {
      // Ties (discovery issues, only ever in part 1) keep the parts' order.
      if (!head.done && (pick === -1 || head.value.position < (heads[pick]!.value as Positioned<T>).position)) pick = i;
    }
    if (pick === -1) return;
    yield (heads[pick]!.value as Positioned<T>).value;
    heads[pick] = await sources[pick]!.next();
  }
}

/** Pairs each item of `items` with the next position of `positions`; says when their counts differ. */
export async function* withPositions<T>(items: AsyncIterable<T>, positions: readonly number[], what: string): AsyncGenerator<Positioned<T>> {
  let k = 0;
  for await (const value of items) {
    if (k >= positions.length) throw new MergeMismatchError(`${what} holds more entries than its manifest.json lists (${positions.length})`);
    yield { position: positions[k++]!, value };
  }
  if (k < positions.length) throw new MergeMismatchError(`${what} holds ${k} entries, its manifest.json lists ${positions.length}`);
}

/** A part's files do not match its own manifest (edited or damaged after the run). */
export class MergeMismatchError extends Error {}
