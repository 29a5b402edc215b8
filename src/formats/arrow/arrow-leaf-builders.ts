/**
 * The column builders of scalar values (strings, JSON text, bools, int64, float64)
 * and what every builder shares: validity, length, null count and the size estimate.
 */
import { decodeRawJsonString, isRawJsonString, type RawJsonString } from '../../bytes/raw-json-string.js';
import { GrowableBytes } from '../../bytes/growable-bytes.js';
import type { ColumnBuilder, ColumnChunk } from './arrow-column-chunk.js';

/** What every column shares: validity, length, null count and the size estimate. */
export abstract class BaseBuilder implements ColumnBuilder {
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
export class Offsets {
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

export class StringBuilder extends BaseBuilder {
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
export class JsonBuilder extends StringBuilder {
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

export class BoolBuilder extends FixedWidthBuilder {
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

export class Int64Builder extends FixedWidthBuilder {
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

export class Float64Builder extends FixedWidthBuilder {
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
