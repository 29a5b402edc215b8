/**
 * Object checks, for zod's three object modes. zod builds a new object: the shape's keys
 * first, in the shape's order (each present key, plus a key its schema fills in), then,
 * for a loose object, the other keys in input order; a strip object drops the other keys
 * and a strict one rejects them. The checks here are true only when that new object would
 * hold the same keys and values as the input (and, with `keyOrder`, in the same order).
 */
import type { ShapeCheck, StringKeys } from './shape-check.js';
import { isObjectValue } from './value-class.js';

export type ObjectMode = 'strip' | 'strict' | 'loose';

export interface FieldCheck {
  readonly key: string;
  readonly check: ShapeCheck;
  /**
   * zod leaves an absent key absent: it is optional in and out (`.optional()`,
   * `.nullish()`). A required key fails, and a key with a default gets filled in.
   */
  readonly absentOk: boolean;
  /** zod keeps a key present as `undefined` (`check(undefined)`). */
  readonly undefinedOk: boolean;
  /** Every string passes `check` unchanged, so a string-like value needs no read. */
  readonly anyString: boolean;
}

/** How a field whose value reads as undefined is judged without knowing if its key is there. */
const FITS = 0;
const FAILS = 1;
const ASK_PRESENCE = 2;

type Field = FieldCheck & { readonly whenUndefined: number };

function prepare(fields: readonly FieldCheck[]): Field[] {
  return fields.map((field) => ({
    ...field,
    whenUndefined: field.absentOk && field.undefinedOk ? FITS : !field.absentOk && !field.undefinedOk ? FAILS : ASK_PRESENCE,
  }));
}

/**
 * `stringKeys` (top-level objects only): keys whose values are strings that must not be
 * read (getters that decode raw JSON text on first read); the field must take any string.
 */
export function compileObjectCheck(fields: readonly FieldCheck[], mode: ObjectMode, keyOrder: boolean): ShapeCheck {
  const prepared = prepare(fields);
  if (keyOrder) return orderedObjectCheck(prepared, mode);
  return mode === 'loose' ? looseObjectCheck(prepared) : closedObjectCheck(prepared);
}

/**
 * Loose, any key order: the other keys pass through as they are, so only the shape's keys
 * are read. An own `__proto__` key (JSON.parse makes one) is the exception: zod drops it.
 */
function looseObjectCheck(fields: readonly Field[]): ShapeCheck {
  const n = fields.length;
  return (value: unknown, stringKeys?: StringKeys): boolean => {
    if (!isObjectValue(value)) return false;
    for (let i = 0; i < n; i++) {
      const field = fields[i]!;
      if (stringKeys !== undefined && stringKeys.has(field.key)) {
        if (!field.anyString) return false;
        continue;
      }
      const x = value[field.key];
      if (x === undefined) {
        if (field.whenUndefined === FITS) continue;
        if (field.whenUndefined === FAILS) return false;
        if (!(field.key in value ? field.undefinedOk : field.absentOk)) return false;
      } else if (!field.check(x)) return false;
    }
    return !Object.hasOwn(value, '__proto__');
  };
}

/**
 * Strip or strict, any key order: every input key must be one of the shape's, which a
 * count proves (each defined shape key counted once, against the input's own keys). A key
 * present as `undefined` spoils the count and is left to zod.
 */
function closedObjectCheck(fields: readonly Field[]): ShapeCheck {
  const n = fields.length;
  return (value: unknown, stringKeys?: StringKeys): boolean => {
    if (!isObjectValue(value)) return false;
    let present = 0;
    for (let i = 0; i < n; i++) {
      const field = fields[i]!;
      if (stringKeys !== undefined && stringKeys.has(field.key)) {
        if (!field.anyString) return false;
        present++;
        continue;
      }
      const x = value[field.key];
      if (x === undefined) {
        if (!field.absentOk) return false;
      } else {
        if (!field.check(x)) return false;
        present++;
      }
    }
    return present === Object.keys(value).length;
  };
}

/**
 * Any mode, keys in zod's output order: the input's keys are walked along the shape, each
 * shape key either next in line or absent (which it must be allowed to be); after them, a
 * strip or strict object must have no key left, a loose one only keys outside the shape.
 * A key present as `undefined` is left to zod.
 */
function orderedObjectCheck(fields: readonly Field[], mode: ObjectMode): ShapeCheck {
  const n = fields.length;
  const shapeKeys = new Set(fields.map((field) => field.key));
  return (value: unknown, stringKeys?: StringKeys): boolean => {
    if (!isObjectValue(value)) return false;
    const keys = Object.keys(value);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const field = fields[i]!;
      if (keys[k] !== field.key) {
        if (!field.absentOk) return false;
        continue;
      }
      k++;
      if (stringKeys !== undefined && stringKeys.has(field.key)) {
        if (!field.anyString) return false;
        continue;
      }
      const x = value[field.key];
      if (x === undefined || !field.check(x)) return false;
    }
    if (mode !== 'loose') return k === keys.length;
    for (; k < keys.length; k++) if (shapeKeys.has(keys[k]!) || keys[k] === '__proto__') return false;
    return true;
  };
}
