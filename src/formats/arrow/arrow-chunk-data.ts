/**
 * Turns column chunks (arrow-column-builder.ts) into apache-arrow Data for the IPC
 * writer: the buffers are used as they are, only validity bytes and booleans are
 * packed into bitmaps. Main thread only: this is where apache-arrow gets loaded.
 */
import { DataType, makeData, type Data, type Field } from 'apache-arrow';
import type { ColumnChunk } from './arrow-column-chunk.js';

export function toArrowData(type: DataType, chunk: ColumnChunk): Data {
  const { length, nullCount } = chunk;
  const nullBitmap = nullCount > 0 ? packBits(chunk.validity, length) : undefined;
  if (DataType.isUtf8(type)) return makeData({ type, length, nullCount, nullBitmap, valueOffsets: chunk.offsets!, data: chunk.values! });
  if (DataType.isBool(type)) return makeData({ type, length, nullCount, nullBitmap, data: packBits(chunk.values!, length) });
  if (DataType.isInt(type) && type.bitWidth === 64) {
    return makeData({ type, length, nullCount, nullBitmap, data: viewAligned(chunk.values!, BigInt64Array) });
  }
  if (DataType.isFloat(type)) return makeData({ type, length, nullCount, nullBitmap, data: viewAligned(chunk.values!, Float64Array) });
  if (DataType.isList(type)) {
    const child = toArrowData((type.children[0] as Field).type, chunk.children![0]!);
    return makeData({ type, length, nullCount, nullBitmap, valueOffsets: chunk.offsets!, child });
  }
  if (DataType.isStruct(type)) {
    const children = type.children.map((field, i) => toArrowData(field.type, chunk.children![i]!));
    return makeData({ type, length, nullCount, nullBitmap, children });
  }
  throw new Error(`no column chunk conversion for Arrow type ${String(type)}`);
}

/** Arrow's bitmaps: bit i (least significant first) of byte i >> 3 is value i. */
function packBits(bytes: Uint8Array, length: number): Uint8Array {
  const bits = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) if (bytes[i] !== 0) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}

/** A typed view of 8-byte values (copied when the bytes do not start on an 8-byte boundary). */
function viewAligned<T extends BigInt64Array | Float64Array>(bytes: Uint8Array, Type: { new (buffer: ArrayBuffer, offset: number, length: number): T }): T {
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  return new Type(aligned.buffer as ArrayBuffer, aligned.byteOffset, aligned.length / 8);
}
