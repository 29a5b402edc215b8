/**
 * Builds column values directly in Arrow's memory layout (validity, offsets, UTF-8
 * text, fixed-width values), without apache-arrow: conversion threads encode their
 * sessions' steps this way and send the buffers to the main thread, which only
 * concatenates them into record batches (arrow-record-batch.ts) and hands those to the
 * IPC writer. apache-arrow's own builders were the bottleneck of every Arrow run.
 *
 * Each builder also keeps an estimate of the bytes its values take in a batch, which
 * drives batch and shard boundaries. The estimate depends only on the values appended
 * (not on how they were grouped into chunks), so boundaries are the same whichever
 * thread encoded a session.
 */
import { decodeRawJsonString, isRawJsonString, type RawJsonString } from '../../bytes/raw-json-string.js';
import type { ColumnType } from './arrow-columns.js';
import { GrowableBytes } from '../../bytes/growable-bytes.js';

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

export function createColumnBuilder(type: ColumnType, path: string, options: ColumnBuilderOptions = {}): ColumnBuilder {
  const copy = options.reuseMemory !== true;
  switch (type.kind) {
    case 'string':
      return new StringBuilder(path, copy);
    case 'json':
      return new JsonBuilder(path, copy);
    case 'bool':
      return new BoolBuilder(path, copy);
    case 'int64':
      return new Int64Builder(path, copy);
    case 'float64':
      return new Float64Builder(path, copy);
    case 'list':
      return new ListBuilder(path, copy, createColumnBuilder(type.item, `${path}[]`, options));
    case 'struct':
      return new StructBuilder(
        path,
        copy,
        type.fields.map((field) => field.name),
        type.fields.map((field) => createColumnBuilder(field.type, path === '' ? field.name : `${path}.${field.name}`, options)),
      );
  }
}

/** What every column shares: validity, length, null count and the size estimate. */
abstract class BaseBuilder implements ColumnBuilder {
  length = 0;
  nullCount = 0;
  bytes = 0;
  private validity = new GrowableBytes();

  /** `copy`: take() hands over buffers of their own (see ColumnBuilderOptions). */
  constructor(
    protected readonly path: string,
    protected readonly copy: boolean,
  ) {}

  append(value: unknown): void {
    if (value === undefined || value === null) {
      this.length += 1;
      this.validity.pushByte(0);
      this.nullCount += 1;
      this.bytes += 1;
      this.appendNullSlot();
    } else {
      this.markPresent();
      this.appendPresent(value);
    }
  }

  /** Counts one more value, present; its content is the caller's to append. */
  protected markPresent(): void {
    this.length += 1;
    this.validity.pushByte(1);
  }

  appendChunk(chunk: ColumnChunk): void {
    this.validity.pushBytes(chunk.validity);
    this.length += chunk.length;
    this.nullCount += chunk.nullCount;
    this.bytes += chunk.bytes;
    this.appendChunkValues(chunk);
  }

  take(): ColumnChunk {
    const chunk: ColumnChunk = { length: this.length, nullCount: this.nullCount, bytes: this.bytes, validity: this.validity.take(this.copy), ...this.takeValues() };
    this.length = 0;
    this.nullCount = 0;
    this.bytes = 0;
    return chunk;
  }

  protected fail(expected: string): never {
    throw new TypeError(`${this.path}: expected ${expected}`);
  }

  /** Adds the value's bytes to `this.bytes` too. */
  protected abstract appendPresent(value: unknown): void;
  /** What a null occupies in the value buffers (an empty string, a zero, an empty list). */
  protected abstract appendNullSlot(): void;
  protected abstract appendChunkValues(chunk: ColumnChunk): void;
  protected abstract takeValues(): Pick<ColumnChunk, 'offsets' | 'values' | 'children'>;
}

/** Offsets into a child run (text bytes, list items), kept as int32 little-endian. */
class Offsets {
  private bytes = new GrowableBytes();

  constructor(private readonly copy: boolean) {
    this.push(0);
  }

  push(offset: number): void {
    const at = this.bytes.length;
    this.bytes.reserve(4).writeInt32LE(offset, at);
    this.bytes.length = at + 4;
  }

  /** Appends a chunk's offsets (which start at 0) shifted to start at `base`. */
  pushShifted(offsets: Int32Array, base: number): void {
    for (let i = 1; i < offsets.length; i++) this.push(base + offsets[i]!);
  }

  take(): Int32Array {
    const taken = this.bytes.take(this.copy);
    this.push(0);
    return new Int32Array(taken.buffer, taken.byteOffset, taken.length >> 2);
  }
}

class StringBuilder extends BaseBuilder {
  private readonly offsets = new Offsets(this.copy);
  private readonly text = new GrowableBytes(1024);

  /** A RawJsonString (a tool output the decoder kept out of the JS heap) goes in without becoming a JS string. */
  protected appendPresent(value: unknown): void {
    if (typeof value === 'string') this.appendText(value);
    else if (isRawJsonString(value)) this.appendRawString(value);
    else this.fail('a string');
  }

  protected appendText(text: string): void {
    this.bytes += this.text.pushUtf8(text) + 4;
    this.offsets.push(this.text.length);
  }

  private appendRawString(raw: RawJsonString): void {
    // The decoder keeps the Arrow run's tool outputs decoded; escaped text is decoded here.
    if (!raw.utf8) return this.appendText(decodeRawJsonString(raw));
    this.text.pushBytes(raw.utf8);
    this.bytes += raw.utf8.length + 4;
    this.offsets.push(this.text.length);
  }

  protected appendNullSlot(): void {
    this.offsets.push(this.text.length);
  }

  protected appendChunkValues(chunk: ColumnChunk): void {
    const base = this.text.length;
    this.text.pushBytes(chunk.values!);
    this.offsets.pushShifted(chunk.offsets!, base);
  }

  protected takeValues() {
    return { offsets: this.offsets.take(), values: this.text.take(this.copy) };
  }
}

/** Any JSON value (tool arguments), stored as its JSON text. */
class JsonBuilder extends StringBuilder {
  protected override appendPresent(value: unknown): void {
    this.appendText(JSON.stringify(isRawJsonString(value) ? decodeRawJsonString(value) : value));
  }
}

/** Fixed-width values: bool (one byte each until packed), int64 and float64 (8 bytes each). */
abstract class FixedWidthBuilder extends BaseBuilder {
  protected readonly values = new GrowableBytes();

  constructor(
    path: string,
    copy: boolean,
    private readonly width: number,
  ) {
    super(path, copy);
  }

  protected appendNullSlot(): void {
    this.values.pushZeros(this.width);
  }

  protected appendChunkValues(chunk: ColumnChunk): void {
    this.values.pushBytes(chunk.values!);
  }

  protected takeValues() {
    return { values: this.values.take(this.copy) };
  }

  /** Room for one value; returns its offset in the returned buffer. */
  protected slot(): [Buffer, number] {
    const at = this.values.length;
    const buffer = this.values.reserve(this.width);
    this.values.length = at + this.width;
    return [buffer, at];
  }
}

class BoolBuilder extends FixedWidthBuilder {
  constructor(path: string, copy: boolean) {
    super(path, copy, 1);
  }

  protected appendPresent(value: unknown): void {
    if (typeof value !== 'boolean') this.fail('a boolean');
    this.values.pushByte(value ? 1 : 0);
    this.bytes += 1;
  }
}

const TWO_TO_32 = 2 ** 32;

class Int64Builder extends FixedWidthBuilder {
  constructor(path: string, copy: boolean) {
    super(path, copy, 8);
  }

  protected appendPresent(value: unknown): void {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail('an integer');
    // Two's complement from the two 32-bit halves (floor division keeps negatives right).
    const high = Math.floor(value / TWO_TO_32);
    const [buffer, at] = this.slot();
    buffer.writeUInt32LE(value - high * TWO_TO_32, at);
    buffer.writeInt32LE(high, at + 4);
    this.bytes += 8;
  }
}

class Float64Builder extends FixedWidthBuilder {
  constructor(path: string, copy: boolean) {
    super(path, copy, 8);
  }

  protected appendPresent(value: unknown): void {
    if (typeof value !== 'number') this.fail('a number');
    const [buffer, at] = this.slot();
    buffer.writeDoubleLE(value, at);
    this.bytes += 8;
  }
}

export class ListBuilder extends BaseBuilder {
  private readonly offsets = new Offsets(this.copy);

  constructor(
    path: string,
    copy: boolean,
    private readonly items: ColumnBuilder,
  ) {
    super(path, copy);
  }

  /** Appends one list whose items are the chunks' values, in order (taken from builders of the item type). */
  appendItemChunks(chunks: readonly ColumnChunk[]): void {
    this.markPresent();
    this.bytes += 4;
    for (const chunk of chunks) {
      this.items.appendChunk(chunk);
      this.bytes += chunk.bytes;
    }
    this.offsets.push(this.items.length);
  }

  protected appendPresent(value: unknown): void {
    if (!Array.isArray(value)) this.fail('an array');
    const before = this.items.bytes;
    for (const item of value) this.items.append(item);
    this.bytes += 4 + (this.items.bytes - before);
    this.offsets.push(this.items.length);
  }

  protected appendNullSlot(): void {
    this.offsets.push(this.items.length);
  }

  protected appendChunkValues(chunk: ColumnChunk): void {
    const base = this.items.length;
    this.items.appendChunk(chunk.children![0]!);
    this.offsets.pushShifted(chunk.offsets!, base);
  }

  protected takeValues() {
    return { offsets: this.offsets.take(), children: [this.items.take()] };
  }
}

class StructBuilder extends BaseBuilder {
  constructor(
    path: string,
    copy: boolean,
    private readonly names: readonly string[],
    readonly fields: readonly ColumnBuilder[],
  ) {
    super(path, copy);
  }

  protected appendPresent(value: unknown): void {
    if (typeof value !== 'object' || Array.isArray(value)) this.fail('an object');
    const source = value as Record<string, unknown>;
    let bytes = 0;
    for (let i = 0; i < this.fields.length; i++) {
      const field = this.fields[i]!;
      const name = this.names[i]!;
      const before = field.bytes;
      field.append(source[name]);
      bytes += field.bytes - before;
    }
    this.bytes += bytes;
  }

  protected appendNullSlot(): void {
    // A null struct's fields still need a slot each (their values are never read).
    for (const field of this.fields) field.append(null);
  }

  protected appendChunkValues(chunk: ColumnChunk): void {
    this.fields.forEach((field, i) => field.appendChunk(chunk.children![i]!));
  }

  protected takeValues() {
    return { children: this.fields.map((field) => field.take()) };
  }
}
