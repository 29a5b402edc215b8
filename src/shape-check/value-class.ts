/**
 * The JS kinds a value can be, as bits: a compiled check records which kinds its schema
 * can accept at all, so a union knows which options cannot take a value without running
 * them (the way zod tries them, in order, is then reproduced without guessing).
 */

export const UNDEFINED = 1;
export const NULL = 2;
export const BOOLEAN = 4;
export const NUMBER = 8;
export const STRING = 16;
export const ARRAY = 32;
/** Any non-null object that is not an array (zod's `isObject`). */
export const OBJECT = 64;
/** bigint, symbol, function. */
export const OTHER = 128;
export const ANY = 255;

export function valueClassOf(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return STRING;
    case 'number':
      return NUMBER;
    case 'boolean':
      return BOOLEAN;
    case 'undefined':
      return UNDEFINED;
    case 'object':
      return value === null ? NULL : Array.isArray(value) ? ARRAY : OBJECT;
    default:
      return OTHER;
  }
}

/** The kinds of a set of literal values. */
export function valueClassesOf(values: Iterable<unknown>): number {
  let classes = 0;
  for (const value of values) classes |= valueClassOf(value);
  return classes;
}

/** zod's object test: objects and class instances, not null, not arrays. */
export function isObjectValue(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
