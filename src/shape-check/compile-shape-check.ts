/**
 * Compiles a zod 4 schema into a fast check (ShapeCheck): true only when the schema's
 * parse would accept the value and return it unchanged. Hot paths use it to skip zod
 * for the common well-formed values; since the check is derived from the schema, a field
 * added to the schema can never be missed by the fast path.
 *
 * Values are taken to be JSON-shaped (plain objects and arrays, no symbol keys). The
 * constructs a check can prove are the cases of `compileNode`; any other one (a
 * transform, a refinement, a pipe, a string length limit, ...) makes `compileShapeCheck`
 * throw, or, with `unsupported: 'reject'`, compiles to a test that is always false there,
 * which leaves every value reaching it to zod.
 */
import type { z } from 'zod';
import { callOf, CheckSource, leaf, literalSource, NARROW, type CheckNode } from './check-source.js';
import { arrayNode, discriminatedUnionNode, recordNode, unionNode, type DiscriminatedOption } from './container-source.js';
import { objectCheckBody, type FieldCheck, type ObjectMode } from './object-source.js';
import type { ShapeCheck } from './shape-check.js';
import { ANY, BOOLEAN, NULL, NUMBER, OBJECT, STRING, UNDEFINED, valueClassesOf } from './value-class.js';

export type { ShapeCheck, StringKeys } from './shape-check.js';

export interface ShapeCheckOptions {
  /**
   * Also require objects' keys in the order zod writes them (the shape's order), for
   * values that are serialized as they are: `true` every object; a list of paths, the
   * objects there and everything inside them (each path must name an object of the
   * schema). A path is the walk from the checked value: `.key` a field, `<value>` the
   * option of a discriminated union, `|i` the i-th option of a union, `[]` the elements
   * of an array, `{}` the values of a record; e.g. `<local_shell_call>.action`.
   */
  keyOrder?: boolean | readonly string[];
  /**
   * The check takes its second argument (StringKeys): keys of the checked object whose
   * values count as strings without being read. Without this option the argument is ignored.
   */
  stringKeys?: boolean;
  /** What a construct the compiler cannot reason about does: throw now (default), or reject there. */
  unsupported?: 'throw' | 'reject';
}

export function compileShapeCheck(schema: z.ZodType, options: ShapeCheckOptions = {}): ShapeCheck {
  const source = new CheckSource();
  const orderedPaths = new Set(typeof options.keyOrder === 'object' ? options.keyOrder : []);
  const context: Context = {
    source,
    orderedPaths,
    stringKeys: options.stringKeys === true,
    throwUnsupported: options.unsupported !== 'reject',
  };
  const check = compileNode(schema, { path: '', root: true, ordered: options.keyOrder === true }, context);
  if (orderedPaths.size > 0) throw new Error(`compileShapeCheck: no object at ${[...orderedPaths].join(', ')}`);
  return source.link(check);
}

interface Context {
  readonly source: CheckSource;
  /** Paths of keyOrder not reached yet (each is removed when its object is compiled). */
  readonly orderedPaths: Set<string>;
  readonly stringKeys: boolean;
  readonly throwUnsupported: boolean;
}

/** Where a node sits: its path (for messages) and whether it is the checked value itself. */
interface At {
  readonly path: string;
  /** The checked value itself, or a union option of it (a value it is checked as). */
  readonly root: boolean;
  /** Inside an object whose key order counts. */
  readonly ordered: boolean;
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

/** A node inside this one (an element, a field, a record value): not the checked value itself. */
function inside(at: At, segment: string): At {
  return { path: `${at.path}${segment}`, root: false, ordered: at.ordered };
}

const NOTHING_PASSES: CheckNode = { ...NARROW, test: () => 'false', classes: ANY, exact: false };

function compileNode(schema: z.ZodType, at: At, context: Context): CheckNode {
  const zod = internalsOf(schema);
  const def = zod.def;
  const unsupported = (what: string): CheckNode => {
    if (context.throwUnsupported) throw new Error(`compileShapeCheck: ${at.path || '(root)'}: ${what} is not supported`);
    return NOTHING_PASSES;
  };
  if (def.coerce) return unsupported(`a coerced ${def.type}`);
  if (def.type !== 'number' && (def.checks?.length || def.check !== undefined)) return unsupported(`a ${def.type} with checks`);
  const inner = (): CheckNode => compileNode(def.innerType!, at, context);
  switch (def.type) {
    case 'string':
      return leaf((v) => `typeof ${v} === "string"`, STRING, { anyString: true });
    case 'number':
      return compileNumber(def, unsupported);
    case 'boolean':
      return leaf((v) => `typeof ${v} === "boolean"`, BOOLEAN);
    case 'null':
      return leaf((v) => `${v} === null`, NULL);
    case 'undefined':
      return leaf((v) => `${v} === undefined`, UNDEFINED, { acceptsUndefined: true });
    case 'literal':
    case 'enum':
      return compileValues(zod.values!, context);
    case 'unknown':
    case 'any':
      return leaf(() => 'true', ANY, { anyString: true, acceptsUndefined: true, passesAll: true });
    case 'optional': {
      const node = inner();
      // undefined stays undefined, unless the inner schema has a default to fill in.
      const keeps = internalsOf(def.innerType!).optin !== 'defaulted';
      const test: CheckNode['test'] = (v, keys) => (keeps ? `(${v} === undefined || ${node.test(v, keys)})` : `(${v} !== undefined && ${node.test(v, keys)})`);
      const flags = { anyString: node.anyString, acceptsUndefined: keeps, passesAll: node.passesAll && keeps };
      return { ...flags, test, classes: node.classes | UNDEFINED, exact: node.exact && keeps };
    }
    case 'nullable': {
      const node = inner();
      return { ...node, test: (v, keys) => `(${v} === null || ${node.test(v, keys)})`, classes: node.classes | NULL };
    }
    case 'default':
    case 'prefault': {
      // undefined becomes the default; anything else is parsed by the inner schema.
      const node = inner();
      const test: CheckNode['test'] = (v, keys) => `(${v} !== undefined && ${node.test(v, keys)})`;
      return { ...NARROW, test, classes: node.classes | UNDEFINED, exact: false, anyString: node.anyString };
    }
    case 'catch':
      // The inner schema's result when it succeeds, a substitute otherwise.
      return { ...inner(), classes: ANY, exact: false };
    case 'array':
      return arrayNode(context.source, compileNode(def.element!, inside(at, '[]'), context));
    case 'object':
      return compileObject(def, at, context, unsupported);
    case 'record':
      return compileRecord(def, at, context, unsupported);
    case 'union':
      if (def.discriminator !== undefined && !def.unionFallback) return compileDiscriminatedUnion(def, at, context, unsupported);
      if (def.inclusive === false) return unsupported('an exclusive union');
      return unionNode(
        context.source,
        def.options!.map((option, i) => compileNode(option, { ...at, path: `${at.path}|${i}` }, context)),
        keysOf(at, context),
      );
    default:
      return unsupported(`zod type "${def.type}"`);
  }
}

/** zod's number() is finite (NaN and infinities fail); int() is a safe integer. */
function compileNumber(def: Def, unsupported: (what: string) => CheckNode): CheckNode {
  const formats = [...(def.check === undefined ? [] : [def]), ...(def.checks ?? []).map((check) => check._zod.def)];
  let integer = false;
  for (const format of formats) {
    if (format.check !== 'number_format' || format.format !== 'safeint') return unsupported(`a number check (${format.check} ${format.format ?? ''})`);
    integer = true;
  }
  return leaf((v) => (integer ? `Number.isSafeInteger(${v})` : `Number.isFinite(${v})`), NUMBER);
}

/** A literal or an enum: a few values are compared inline, more looked up in a Set. */
function compileValues(values: ReadonlySet<unknown>, context: Context): CheckNode {
  const spelled = [...values].map(literalSource);
  const inline = spelled.length <= 8 && spelled.every((value) => value !== undefined);
  const set = inline ? '' : context.source.constant(values);
  const test: CheckNode['test'] = (v) => (inline ? `(${spelled.map((value) => `${v} === ${value}`).join(' || ')})` : `${set}.has(${v})`);
  return leaf(test, valueClassesOf(values), { acceptsUndefined: values.has(undefined) });
}

function compileObject(def: Def, at: At, context: Context, unsupported: (what: string) => CheckNode): CheckNode {
  const catchall = def.catchall === undefined ? undefined : internalsOf(def.catchall).def.type;
  const mode: ObjectMode | undefined =
    catchall === undefined ? 'strip' : catchall === 'never' ? 'strict' : catchall === 'unknown' || catchall === 'any' ? 'loose' : undefined;
  if (mode === undefined) return unsupported(`an object with a ${catchall} catchall`);
  if (Object.hasOwn(def.shape!, '__proto__')) return unsupported('a "__proto__" key (zod skips it)');
  const keyOrder = at.ordered || context.orderedPaths.delete(at.path);
  const fields: FieldCheck[] = Object.entries(def.shape!).map(([key, schema]) => {
    const { optin, optout } = internalsOf(schema);
    const node = compileNode(schema, { ...inside(at, `.${key}`), ordered: keyOrder }, context);
    return { key, node, absentOk: optin === 'optional' && optout === 'optional' };
  });
  const body = objectCheckBody(fields, { mode, keyOrder, stringKeys: context.stringKeys && at.root });
  return { ...NARROW, test: callOf(context.source.declare(body)), classes: OBJECT, exact: false };
}

/** A record, when its keys are plain strings (see recordNode). */
function compileRecord(def: Def, at: At, context: Context, unsupported: (what: string) => CheckNode): CheckNode {
  const key = internalsOf(def.keyType!).def;
  if (key.type !== 'string' || key.checks?.length || key.check !== undefined || def.mode !== undefined) return unsupported('a record whose keys are not plain strings');
  return recordNode(context.source, compileNode(def.valueType!, inside(at, '{}'), context));
}

/** zod looks the discriminator value up and parses the value with that one option. */
function compileDiscriminatedUnion(def: Def, at: At, context: Context, unsupported: (what: string) => CheckNode): CheckNode {
  const discriminator = def.discriminator!;
  const options: DiscriminatedOption[] = [];
  const seen = new Set<unknown>();
  for (const option of def.options!) {
    const values = [...(internalsOf(option).propValues?.[discriminator] ?? [])];
    const spelled = values.map(literalSource);
    if (values.length === 0 || values.some((value, i) => spelled[i] === undefined || seen.has(value))) {
      return unsupported(`a discriminated union option whose "${discriminator}" values are not distinct literals`);
    }
    for (const value of values) seen.add(value);
    const node = compileNode(option, { ...at, path: `${at.path}<${values.map(String).join('|')}>` }, context);
    options.push({ values: spelled as string[], node });
  }
  return discriminatedUnionNode(context.source, discriminator, options, keysOf(at, context));
}

/** The StringKeys argument a node passes on to the objects it checks the value as. */
function keysOf(at: At, context: Context): string | undefined {
  return context.stringKeys && at.root ? 'keys' : undefined;
}

