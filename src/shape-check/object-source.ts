/**
 * Object checks, for zod's three object modes. zod builds a new object: the shape's keys
 * first, in the shape's order (each present key, plus a key its schema fills in), then,
 * for a loose object, the other keys in input order; a strip object drops the other keys
 * and a strict one rejects them. The generated checks are true only when that new object
 * would hold the same keys and values as the input (and, with `keyOrder`, in the same order).
 */
import { type CheckNode } from './check-source.js';
import { isObjectSource } from './value-class.js';

export type ObjectMode = 'strip' | 'strict' | 'loose';

export interface FieldCheck {
  readonly key: string;
  readonly node: CheckNode;
  /**
   * zod leaves an absent key absent: it is optional in and out (`.optional()`,
   * `.nullish()`). A required key fails, and a key with a default gets filled in.
   */
  readonly absentOk: boolean;
}

interface ObjectSourceOptions {
  readonly mode: ObjectMode;
  readonly keyOrder: boolean;
  /**
   * The object is the checked value itself (or one of its union options), so the check
   * takes `keys` (StringKeys): fields whose values are strings that must not be read (a
   * getter that decodes raw JSON text on first read). Such a field must take any string.
   */
  readonly stringKeys: boolean;
}

/** The body of the object's function `(v, keys)`. */
export function objectCheckBody(fields: readonly FieldCheck[], options: ObjectSourceOptions): string {
  const lines = [`if (!${isObjectSource('v')}) return false;`, 'let x;'];
  if (options.keyOrder) lines.push(...orderedFields(fields, options));
  else if (options.mode === 'loose') lines.push(...fields.map((field) => looseField(field, options)), 'return v.__proto__ === Object.prototype;');
  else lines.push('let present = 0;', ...fields.map((field) => closedField(field, options)), 'return present === Object.keys(v).length;');
  return lines.join('\n');
}

/** `if (keys !== undefined && keys.has(key)) { ... } else { read }`, when the object takes string keys. */
function unlessStringKey(field: FieldCheck, options: ObjectSourceOptions, read: string, asString = ''): string {
  if (!options.stringKeys) return read;
  const onString = field.node.anyString ? asString : 'return false;';
  return `if (keys !== undefined && keys.has(${JSON.stringify(field.key)})) { ${onString} } else { ${read} }`;
}

/**
 * Loose, any key order: the other keys pass through as they are, so only the shape's keys
 * are read. An own `__proto__` key (JSON.parse makes one) is the exception: zod drops it.
 * Reading `v.__proto__` finds such a key, which hides the prototype; otherwise V8 answers
 * it from the object's map (a null-prototype object or a class instance is left to zod).
 * A value read as undefined fits when zod leaves it as it is, present (the key kept) or
 * absent (the key left out); when that depends on which, the key is looked up.
 */
function looseField(field: FieldCheck, options: ObjectSourceOptions): string {
  const key = JSON.stringify(field.key);
  const test = field.node.test('x');
  // Any value passes: only a required key's absence can fail.
  if (field.node.passesAll) return unlessStringKey(field, options, field.absentOk ? '' : `if (!(${key} in v)) return false;`);
  // The test alone judges undefined right when absent and present keys are judged alike.
  const read =
    field.absentOk === field.node.acceptsUndefined
      ? `x = v[${key}]; if (!${test}) return false;`
      : `x = v[${key}]; if (x === undefined ? !(${key} in v ? ${field.node.acceptsUndefined} : ${field.absentOk}) : !${test}) return false;`;
  return unlessStringKey(field, options, read);
}

/**
 * Strip or strict, any key order: every input key must be one of the shape's, which a
 * count proves (each defined shape key counted once, against the input's own keys). A key
 * present as `undefined` spoils the count and is left to zod.
 */
function closedField(field: FieldCheck, options: ObjectSourceOptions): string {
  const whenUndefined = field.absentOk ? '' : 'return false;';
  const read = `x = v[${JSON.stringify(field.key)}]; if (x === undefined) { ${whenUndefined} } else if (${field.node.test('x')}) present++; else return false;`;
  return unlessStringKey(field, options, read, 'present++;');
}

/**
 * Any mode, keys in zod's output order: the input's keys are walked along the shape, each
 * shape key either next in line or absent (which it must be allowed to be); after them, a
 * strip or strict object must have no key left, a loose one only keys outside the shape.
 * A key present as `undefined` is left to zod.
 */
function orderedFields(fields: readonly FieldCheck[], options: ObjectSourceOptions): string[] {
  const lines = ['const names = Object.keys(v);', 'let k = 0;'];
  for (const field of fields) {
    const key = JSON.stringify(field.key);
    const read = `x = v[${key}]; if (x === undefined || !${field.node.test('x')}) return false;`;
    const absent = field.absentOk ? '' : ' else return false;';
    lines.push(`if (names[k] === ${key}) { k++; ${unlessStringKey(field, options, read)} }${absent}`);
  }
  if (options.mode !== 'loose') return [...lines, 'return k === names.length;'];
  const shapeKeys = fields.map((field) => `name === ${JSON.stringify(field.key)}`);
  return [...lines, 'for (; k < names.length; k++) {', 'const name = names[k];', `if (${[...shapeKeys, 'name === "__proto__"'].join(' || ')}) return false;`, '}', 'return true;'];
}
