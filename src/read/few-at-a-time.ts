/** Files open at once by default. */
const FILES_IN_FLIGHT = 16;

/**
 * `work` over every item with at most `inFlight` calls pending at once; results in the
 * items' order. The passes that open, stat or hash every input of a tree use it: all at
 * once would run out of file descriptors on a large tree, one at a time waits on each.
 */
export async function mapFewAtATime<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>, inFlight = FILES_IN_FLIGHT): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker));
  return results;
}
