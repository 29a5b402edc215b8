/**
 * Arrays, records and unions: what zod does with each, and the generated function that
 * proves it would return the value unchanged. Each takes its children already compiled.
 */
import { callOf, NARROW, type CheckNode, type CheckSource } from './check-source.js';
import { ARRAY, classTestSource, isObjectSource, OBJECT, STRING, UNDEFINED } from './value-class.js';

/**
 * zod builds a new array from `value[i]`, so a hole reads as undefined: when the element
 * schema takes undefined, the hole would be filled (no longer a hole), so holes fail then.
 */
export function arrayNode(source: CheckSource, element: CheckNode): CheckNode {
  const holes = element.acceptsUndefined ? 'if (x === undefined && !(i in v)) return false;' : '';
  const body = `if (!Array.isArray(v)) return false;
for (let i = 0; i < v.length; i++) { const x = v[i]; if (!${element.test('x')}) return false; ${holes} }
return true;`;
  return { ...NARROW, test: callOf(source.declare(body)), classes: ARRAY, exact: element.exact && !element.acceptsUndefined };
}

/**
 * A record with plain string keys takes every own key of a plain object (zod's
 * isPlainObject; the prototype test here is stricter) and writes them in the same order,
 * except an own `__proto__`, which it drops.
 */
export function recordNode(source: CheckSource, value: CheckNode): CheckNode {
  const body = `if (typeof v !== "object" || v === null) return false;
const prototype = Object.getPrototypeOf(v);
if ((prototype !== Object.prototype && prototype !== null) || Object.hasOwn(v, "__proto__")) return false;
${value.passesAll ? '' : `for (const k in v) { const x = v[k]; if (!${value.test('x')}) return false; }`}
return true;`;
  return { ...NARROW, test: callOf(source.declare(body)), classes: OBJECT, exact: false };
}

/**
 * zod returns the first option that accepts the value. Options that cannot take the
 * value's class are skipped (they reject it); the first one that can take it decides,
 * unless its test is exact and false, which means it rejects too and the next one is tried.
 * `keys`: the StringKeys argument passed on to the options.
 */
export function unionNode(source: CheckSource, options: readonly CheckNode[], keys: string | undefined): CheckNode {
  const lines = options.map((option) => {
    const otherwise = option.exact ? '' : ' return false;';
    return `if (${classTestSource(option.classes, 'v')}) { if (${option.test('v', keys)}) return true;${otherwise} }`;
  });
  const firstForString = options.find((option) => (option.classes & STRING) !== 0);
  return {
    test: callOf(source.declare([...lines, 'return false;'].join('\n'))),
    classes: options.reduce((classes, option) => classes | option.classes, 0),
    exact: options.every((option) => option.exact),
    anyString: firstForString?.anyString === true,
    acceptsUndefined: options.find((option) => (option.classes & UNDEFINED) !== 0)?.acceptsUndefined === true,
    passesAll: false,
  };
}

export interface DiscriminatedOption {
  /** The discriminator values that select the option, as source. */
  readonly values: readonly string[];
  readonly node: CheckNode;
}

/** zod looks the discriminator value up and parses the value with that one option, or fails. */
export function discriminatedUnionNode(source: CheckSource, discriminator: string, options: readonly DiscriminatedOption[], keys: string | undefined): CheckNode {
  const cases = options.map(({ values, node }) => `${values.map((value) => `case ${value}:`).join(' ')} return ${node.test('v', keys)};`);
  const body = `if (!${isObjectSource('v')}) return false;
switch (v[${JSON.stringify(discriminator)}]) {
${cases.join('\n')}
default: return false;
}`;
  return { ...NARROW, test: callOf(source.declare(body)), classes: OBJECT, exact: false };
}
