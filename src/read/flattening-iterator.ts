/**
 * Flattens an async stream of batches into an async stream of items. An async generator
 * that yields item by item costs about twice as much per item (it awaits every yield);
 * this hands out items of the current batch as already-settled promises instead.
 * Concurrent `next()` calls are served in call order, as a generator would.
 */
export class FlatteningIterator<T> implements AsyncGenerator<T, void, undefined> {
  readonly #batches: AsyncGenerator<T[], void, undefined>;
  #batch: T[] = [];
  #index = 0;
  #done = false;
  /** Set while a batch is being fetched: later calls queue behind it. */
  #fetching: Promise<unknown> | undefined;

  constructor(batches: AsyncGenerator<T[], void, undefined>) {
    this.#batches = batches;
  }

  next(): Promise<IteratorResult<T, void>> {
    if (this.#fetching !== undefined) return this.#fetching.then(() => this.next());
    if (this.#index < this.#batch.length) {
      return Promise.resolve({ value: this.#batch[this.#index++] as T, done: false });
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    const fetching = this.#fetchNext();
    const settle = (): void => {
      this.#fetching = undefined;
    };
    this.#fetching = fetching.then(settle, settle);
    return fetching;
  }

  async return(): Promise<IteratorResult<T, void>> {
    this.#finish();
    await this.#batches.return(undefined);
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T, void>> {
    this.#finish();
    await this.#batches.return(undefined);
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async #fetchNext(): Promise<IteratorResult<T, void>> {
    for (;;) {
      let result: IteratorResult<T[], void>;
      try {
        result = await this.#batches.next();
      } catch (error) {
        this.#finish();
        throw error;
      }
      if (result.done === true) {
        this.#finish();
        return { value: undefined, done: true };
      }
      if (result.value.length > 0) {
        this.#batch = result.value;
        this.#index = 1;
        return { value: result.value[0] as T, done: false };
      }
    }
  }

  #finish(): void {
    this.#done = true;
    this.#batch = [];
    this.#index = 0;
  }
}
