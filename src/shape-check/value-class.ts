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

function valueClassOf(value: unknown): number {
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

/** A JS expression over the variable `v`, true when its value is of one of the classes. */
export function classTestSource(classes: number, v: string): string {
  if ((classes & ANY) === ANY) return 'true';
  const tests: string[] = [];
  if (classes & UNDEFINED) tests.push(`${v} === undefined`);
  if (classes & NULL) tests.push(`${v} === null`);
  if (classes & BOOLEAN) tests.push(`typeof ${v} === "boolean"`);
  if (classes & NUMBER) tests.push(`typeof ${v} === "number"`);
  if (classes & STRING) tests.push(`typeof ${v} === "string"`);
  if (classes & ARRAY) tests.push(`Array.isArray(${v})`);
  if (classes & OBJECT) tests.push(`(typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v}))`);
  if (classes & OTHER) tests.push(`(typeof ${v} === "bigint" || typeof ${v} === "symbol" || typeof ${v} === "function")`);
  return tests.length === 0 ? 'false' : `(${tests.join(' || ')})`;
}

/** The source of zod's object test over the variable `v`. */
export function isObjectSource(v: string): string {
  return `(typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v}))`;
}
