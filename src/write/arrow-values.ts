/**
 * Converts record values to what the Arrow builders take: JSON-typed values become
 * their JSON text, integers become bigint (Int64 columns), absent optional fields
 * become null. Also estimates the bytes a value occupies in a record batch, which
 * drives batch flushing and shard sizes (the exact IPC size is only known once a
 * batch is encoded).
 */
import type { ColumnType } from './arrow-columns.js';

export type ByteCounter = { bytes: number };

export function toArrowValue(type: ColumnType, value: unknown, size: ByteCounter, where: string): unknown {
  if (value === undefined || value === null) {
    size.bytes += 1;
    return null;
  }
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') throw new TypeError(`${where}: expected a string`);
      size.bytes += Buffer.byteLength(value) + 4;
      return value;
    case 'json': {
      const text = JSON.stringify(value);
      size.bytes += Buffer.byteLength(text) + 4;
      return text;
    }
    case 'bool':
      if (typeof value !== 'boolean') throw new TypeError(`${where}: expected a boolean`);
      size.bytes += 1;
      return value;
    case 'int64':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${where}: expected an integer`);
      size.bytes += 8;
      return BigInt(value);
    case 'float64':
      if (typeof value !== 'number') throw new TypeError(`${where}: expected a number`);
      size.bytes += 8;
      return value;
    case 'list':
      if (!Array.isArray(value)) throw new TypeError(`${where}: expected an array`);
      size.bytes += 4;
      return value.map((item, i) => toArrowValue(type.item, item, size, `${where}[${i}]`));
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${where}: expected an object`);
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const field of type.fields) out[field.name] = toArrowValue(field.type, source[field.name], size, `${where}.${field.name}`);
      return out;
    }
  }
}
