/**
 * The generated form of a compiled check: JavaScript source, built once when the check is
 * compiled and turned into one function with `new Function`. Each object, array, record
 * and union of the schema becomes a function of its own, whose property reads name their
 * keys (`v["role"]`) and whose leaf tests are inlined (`typeof x === "string"`), the shape
 * a hand-written check has, which V8 optimizes best. Every key and literal enters the
 * source through JSON.stringify; anything else a check needs is a constant passed in.
 */
import type { ShapeCheck } from './shape-check.js';

/** A compiled schema node. */
export interface CheckNode {
  /** A JS expression over the variable `v`, true when its value passes; `keys` names a StringKeys variable. */
  test(v: string, keys?: string): string;
  /** The value classes (value-class.ts) zod may accept: a value of another class fails the parse. */
  readonly classes: number;
  /** The test false means zod rejects the value (rather than maybe changing it). */
  readonly exact: boolean;
  /** Every string passes the test unchanged. */
  readonly anyString: boolean;
  /** undefined passes the test. */
  readonly acceptsUndefined: boolean;
  /** Every value passes the test (undefined too), so nothing needs to be read. */
  readonly passesAll: boolean;
}

export class CheckSource {
  private readonly functions: string[] = [];
  private readonly constants: unknown[] = [];

  /** Declares `function fN(v, keys) { body }`; returns its name. */
  declare(body: string): string {
    const name = `f${this.functions.length}`;
    this.functions.push(`function ${name}(v, keys) {\n${body}\n}`);
    return name;
  }

  /** An expression for a value the source cannot spell (a Set, ...). */
  constant(value: unknown): string {
    this.constants.push(value);
    return `constants[${this.constants.length - 1}]`;
  }

  /** The check: the root node's test, with every declared function. */
  link(root: CheckNode): ShapeCheck {
    const body = ['"use strict";', ...this.functions, `return function shapeCheck(v, keys) { return ${root.test('v', 'keys')}; };`].join('\n');
    return new Function('constants', body)(this.constants) as ShapeCheck;
  }
}

/** The flags of a node that takes no strings or undefined as they are (containers, mostly). */
export const NARROW = { anyString: false, acceptsUndefined: false, passesAll: false };

/** A node whose test is an expression of its own (no function), exact. */
export function leaf(test: CheckNode['test'], classes: number, flags: Partial<typeof NARROW> = {}): CheckNode {
  // Parenthesized, so that a test can be negated or combined as it is.
  return { ...NARROW, ...flags, test: (v, keys) => `(${test(v, keys)})`, classes, exact: true };
}

/** A call of a declared function, as a node test. */
export function callOf(name: string): CheckNode['test'] {
  return (v, keys) => (keys === undefined ? `${name}(${v})` : `${name}(${v}, ${keys})`);
}

/** A literal value as source, or undefined when it has no exact spelling. */
export function literalSource(value: unknown): string | undefined {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  return undefined;
}
