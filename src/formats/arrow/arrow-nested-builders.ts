/** The column builders of nested values: lists (of steps, of strings) and structs (steps, records). */
import type { ColumnBuilder, ColumnChunk } from './arrow-column-chunk.js';
import { BaseBuilder, Offsets } from './arrow-leaf-builders.js';

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

export class StructBuilder extends BaseBuilder {
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
