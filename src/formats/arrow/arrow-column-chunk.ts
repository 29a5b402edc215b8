/** Column values in Arrow's memory layout, as the builders hand them over (arrow-column-builder.ts). */
/** Values of one column (and its children) in Arrow layout, ready to be appended elsewhere. */
export type ColumnChunk = {
  length: number;
  nullCount: number;
  /** Estimated bytes in a record batch (see the module comment). */
  bytes: number;
  /** One byte per value, 1 when present; packed into Arrow's bitmap when a batch is assembled. */
  validity: Uint8Array;
  /** string, json, list: `length + 1` offsets starting at 0. */
  offsets?: Int32Array | undefined;
  /** string, json: UTF-8 text; bool: one byte per value; int64, float64: 8 bytes per value, little-endian. */
  values?: Uint8Array | undefined;
  /** list: its items; struct: one per field. */
  children?: ColumnChunk[] | undefined;
};

export interface ColumnBuilder {
  readonly length: number;
  readonly bytes: number;
  /** Appends one value (null or undefined: a null). Throws a TypeError naming the column when it has the wrong type. */
  append(value: unknown): void;
  /** Appends every value of a chunk taken from a builder of the same type. */
  appendChunk(chunk: ColumnChunk): void;
  /**
   * Hands over the values appended so far and starts afresh. The chunk's buffers are its
   * own, except with `reuseMemory`: then they are views of the builder's memory, valid
   * until the next append.
   */
  take(): ColumnChunk;
}

export type ColumnBuilderOptions = {
  /** For a builder whose chunks are used up before it appends again (a record batch being written). */
  reuseMemory?: boolean | undefined;
};

/** Every buffer a chunk holds, to transfer them to another thread instead of copying them. */
export function chunkBuffers(chunk: ColumnChunk, into = new Set<ArrayBuffer>()): Set<ArrayBuffer> {
  for (const view of [chunk.validity, chunk.offsets, chunk.values]) if (view) into.add(view.buffer as ArrayBuffer);
  for (const child of chunk.children ?? []) chunkBuffers(child, into);
  return into;
}
