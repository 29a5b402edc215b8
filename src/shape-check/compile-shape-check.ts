/**
 * Compiles a zod 4 schema into a fast check (ShapeCheck): true only when the schema's
 * parse would accept the value and return it unchanged. Hot paths use it to skip zod
 * for the common well-formed values; since the check is derived from the schema, a field
 * added to the schema can never be missed by the fast path.
 *
 * Values are taken to be JSON-shaped (plain objects and arrays, no symbol keys). The
 * constructs a check can prove are listed in `compileNode`; any other one (a transform,
 * a refinement, a pipe, a string length limit, ...) makes `compileShapeCheck` throw, or,
 * with `unsupported: 'reject'`, compiles to a check that is always false there, which
 * leaves every value reaching it to zod.
 */
import type { z } from 'zod';
import { compileObjectCheck, type FieldCheck, type ObjectMode } from './object-check.js';
import type { ShapeCheck, StringKeys } from './shape-check.js';
import { ANY, ARRAY, BOOLEAN, NULL, NUMBER, OBJECT, STRING, UNDEFINED, valueClassesOf, valueClassOf } from './value-class.js';

export type { ShapeCheck, StringKeys } from './shape-check.js';

export interface ShapeCheckOptions {
  /**
   * Also require every object's keys in the order zod writes them (the shape's order),
   * for values that are serialized as they are.
   */
  keyOrder?: boolean;
  /** What a construct the compiler cannot reason about does: throw now (default), or reject there. */
  unsupported?: 'throw' | 'reject';
}

export function compileShapeCheck(schema: z.ZodType, options: ShapeCheckOptions = {}): ShapeCheck {
  const context: Context = { keyOrder: options.keyOrder === true, throwUnsupported: options.unsupported !== 'reject' };
  return compileNode(schema, '(root)', context).check;
}

interface Context {
  readonly keyOrder: boolean;
  readonly throwUnsupported: boolean;
}

/** A compiled schema node. */
interface CheckNode {
  readonly check: ShapeCheck;
  /** The value classes (value-class.ts) zod may accept: a value of another class fails the parse. */
  readonly classes: number;
  /** `check` false means zod rejects the value (rather than maybe changing it). */
  readonly exact: boolean;
  /** Every string passes `check` unchanged. */
  readonly anyString: boolean;
}

/** The parts of zod's internal definitions the compiler reads (zod/v4/core `_zod.def`). */
interface Def {
  type: string;
  checks?: readonly { _zod: { def: { check?: string; format?: string } } }[];
  check?: string;
  format?: string;
  coerce?: boolean;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  options?: readonly z.ZodType[];
  discriminator?: string;
  inclusive?: boolean;
  unionFallback?: boolean;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  mode?: string;
}

interface Internals {
  def: Def;
  optin?: 'optional' | 'defaulted';
  optout?: 'optional';
  values?: ReadonlySet<unknown>;
  propValues?: Record<string, ReadonlySet<unknown>>;
}

function internalsOf(schema: z.ZodType): Internals {
  return (schema as unknown as { _zod: Internals })._zod;
}

const always: ShapeCheck = () => true;
const never: ShapeCheck = () => false;

function leaf(check: ShapeCheck, classes: number, anyString = false): CheckNode {
  return { check, classes, exact: true, anyString };
}

function compileNode(schema: z.ZodType, path: string, context: Context): CheckNode {
  const zod = internalsOf(schema);
  const def = zod.def;
  const unsupported = (what: string): CheckNode => {
    if (context.throwUnsupported) throw new Error(`compileShapeCheck: ${path}: ${what} is not supported`);
    return { check: never, classes: ANY, exact: false, anyString: false };
  };
  if (def.coerce) return unsupported(`coerced ${def.type}`);
  if (def.type !== 'number' && (def.checks?.length || def.check !== undefined)) return unsupported(`a ${def.type} with checks`);
  switch (def.type) {
    case 'string':
      return leaf((v) => typeof v === 'string', STRING, true);
    case 'number':
      return compileNumber(def, unsupported);
    case 'boolean':
      return leaf((v) => typeof v === 'boolean', BOOLEAN);
    case 'null':
      return leaf((v) => v === null, NULL);
    case 'undefined':
      return leaf((v) => v === undefined, UNDEFINED);
    case 'literal':
    case 'enum': {
      const values = zod.values!;
      return leaf((v) => values.has(v), valueClassesOf(values));
    }
    case 'unknown':
    case 'any':
      return leaf(always, ANY, true);
    case 'optional': {
      const inner = compileNode(def.innerType!, path, context);
      // An undefined input stays undefined, unless the inner schema has a default to fill in.
      const keepsUndefined = internalsOf(def.innerType!).optin !== 'defaulted';
      const check = inner.check;
      return {
        check: (v, keys) => (v === undefined ? keepsUndefined : check(v, keys)),
        classes: inner.classes | UNDEFINED,
        exact: inner.exact && keepsUndefined,
        anyString: inner.anyString,
      };
    }
    case 'nullable': {
      const inner = compileNode(def.innerType!, path, context);
      const check = inner.check;
      return { ...inner, check: (v, keys) => v === null || check(v, keys), classes: inner.classes | NULL };
    }
    case 'default':
    case 'prefault': {
      // undefined becomes the default; anything else is parsed by the inner schema.
      const inner = compileNode(def.innerType!, path, context);
      const check = inner.check;
      return { check: (v, keys) => v !== undefined && check(v, keys), classes: inner.classes | UNDEFINED, exact: false, anyString: inner.anyString };
    }
    case 'catch': {
      // The inner schema's result when it succeeds, a substitute otherwise.
      const inner = compileNode(def.innerType!, path, context);
      return { ...inner, classes: ANY, exact: false };
    }
    case 'array':
      return compileArray(compileNode(def.element!, `${path}[]`, context));
    case 'object':
      return compileObject(def, path, context, unsupported);
    case 'record':
      return compileRecord(def, path, context, unsupported);
    case 'union':
      if (def.discriminator !== undefined && !def.unionFallback) return compileDiscriminatedUnion(def, path, context, unsupported);
      if (def.inclusive === false) return unsupported('an exclusive union');
      return compileUnion(def.options!.map((option, i) => compileNode(option, `${path}|${i}`, context)));
    default:
      return unsupported(`zod type "${def.type}"`);
  }
}

/** zod's number() is finite; int() is a safe integer. */
function compileNumber(def: Def, unsupported: (what: string) => CheckNode): CheckNode {
  const formats = [...(def.check === undefined ? [] : [def]), ...(def.checks ?? []).map((check) => check._zod.def)];
  let integer = false;
  for (const format of formats) {
    if (format.check !== 'number_format' || format.format !== 'safeint') return unsupported(`a number check (${format.check} ${format.format ?? ''})`);
    integer = true;
  }
  return leaf(integer ? (v) => Number.isSafeInteger(v) : (v) => typeof v === 'number' && Number.isFinite(v), NUMBER);
}

/**
 * zod builds a new array from `value[i]`, so a hole reads as undefined: an element
 * schema that takes undefined would fill the hole (no longer a hole), so holes fail then.
 */
function compileArray(element: CheckNode): CheckNode {
  const check = element.check;
  const holesFail = check(undefined);
  return {
    check: (v) => {
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (!check(x)) return false;
        if (holesFail && x === undefined && !(i in v)) return false;
      }
      return true;
    },
    classes: ARRAY,
    exact: element.exact && !holesFail,
    anyString: false,
  };
}

function compileObject(def: Def, path: string, context: Context, unsupported: (what: string) => CheckNode): CheckNode {
  const catchall = def.catchall === undefined ? undefined : internalsOf(def.catchall).def.type;
  const mode: ObjectMode | undefined =
    catchall === undefined ? 'strip' : catchall === 'never' ? 'strict' : catchall === 'unknown' || catchall === 'any' ? 'loose' : undefined;
  if (mode === undefined) return unsupported(`an object with a ${catchall} catchall`);
  const fields: FieldCheck[] = Object.entries(def.shape!).map(([key, schema]) => {
    const node = compileNode(schema, `${path}.${key}`, context);
    const { optin, optout } = internalsOf(schema);
    return { key, check: node.check, absentOk: optin === 'optional' && optout === 'optional', undefinedOk: node.check(undefined), anyString: node.anyString };
  });
  return { check: compileObjectCheck(fields, mode, context.keyOrder), classes: OBJECT, exact: false, anyString: false };
}

/**
 * A record with plain string keys takes every own key of a plain object (zod's
 * isPlainObject: the prototype test here is stricter) and writes them in the same order,
 * except an own `__proto__`, which it drops.
 */
function compileRecord(def: Def, path: string, context: Context, unsupported: (what: string) => CheckNode): CheckNode {
  const key = internalsOf(def.keyType!).def;
  if (key.type !== 'string' || key.checks?.length || key.check !== undefined || def.mode !== undefined) return unsupported('a record whose keys are not plain strings');
  const value = compileNode(def.valueType!, `${path}{}`, context).check;
  return {
    check: (v) => {
      if (typeof v !== 'object' || v === null) return false;
      const prototype: unknown = Object.getPrototypeOf(v);
      if ((prototype !== Object.prototype && prototype !== null) || Object.hasOwn(v, '__proto__')) return false;
      for (const k in v) if (!value((v as Record<string, unknown>)[k])) return false;
      return true;
    },
    classes: OBJECT,
    exact: false,
    anyString: false,
  };
}

/**
 * zod returns the first option that accepts the value. Options that cannot take the
 * value's class are skipped (they reject it); the first one that can take it decides,
 * unless its check is exact and false, which means it rejects too and the next one is tried.
 */
function compileUnion(options: readonly CheckNode[]): CheckNode {
  const n = options.length;
  let classes = 0;
  for (const option of options) classes |= option.classes;
  const firstForString = options.find((option) => (option.classes & STRING) !== 0);
  return {
    check: (v, keys) => {
      const valueClass = valueClassOf(v);
      for (let i = 0; i < n; i++) {
        const option = options[i]!;
        if ((option.classes & valueClass) === 0) continue;
        if (option.check(v, keys)) return true;
        if (!option.exact) return false;
      }
      return false;
    },
    classes,
    exact: options.every((option) => option.exact),
    anyString: firstForString?.anyString === true,
  };
}

/** zod looks the discriminator value up and parses the value with that one option. */
function compileDiscriminatedUnion(def: Def, path: string, context: Context, unsupported: (what: string) => CheckNode): CheckNode {
  const discriminator = def.discriminator!;
  const byValue = new Map<unknown, ShapeCheck>();
  for (const option of def.options!) {
    const values = internalsOf(option).propValues?.[discriminator];
    if (!values) return unsupported(`a discriminated union option without "${discriminator}" values`);
    const node = compileNode(option, `${path}<${[...values].map(String).join('|')}>`, context);
    for (const value of values) {
      if (byValue.has(value)) return unsupported(`discriminator value ${String(value)} of two options`);
      byValue.set(value, node.check);
    }
  }
  return {
    check: (v, keys) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      const check = byValue.get((v as Record<string, unknown>)[discriminator]);
      return check !== undefined && check(v, keys);
    },
    classes: OBJECT,
    exact: false,
    anyString: false,
  };
}
