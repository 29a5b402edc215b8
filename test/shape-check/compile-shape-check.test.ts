import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileShapeCheck, type ShapeCheckOptions } from '../../src/shape-check/compile-shape-check.js';

/** Keys in order, all the way down (toStrictEqual ignores key order). */
function keyOrderOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrderOf);
  if (typeof value !== 'object' || value === null) return value;
  return Object.entries(value).map(([key, inner]) => [key, keyOrderOf(inner)]);
}

/**
 * The check's answer, and, when it is true, what it promises: zod accepts the value and
 * returns it unchanged (the same values and holes; with `keyOrder: true`, the same keys in
 * the same order).
 */
function expectCheck(schema: z.ZodType, value: unknown, expected: boolean, options?: ShapeCheckOptions): void {
  expect(compileShapeCheck(schema, options)(value)).toBe(expected);
  if (!expected) return;
  const parsed = schema.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(parsed.data).toStrictEqual(value);
  if (options?.keyOrder === true) expect(keyOrderOf(parsed.data)).toEqual(keyOrderOf(value));
}

/** A value zod accepts but changes, which the check must refuse. */
function expectChangedByZod(schema: z.ZodType, value: unknown, options?: ShapeCheckOptions): void {
  const parsed = schema.safeParse(value);
  expect(parsed.success).toBe(true);
  const unchanged = (() => {
    try {
      expect(parsed.data).toStrictEqual(value);
      expect(keyOrderOf(parsed.data)).toEqual(keyOrderOf(value));
      return true;
    } catch {
      return false;
    }
  })();
  if (options?.keyOrder !== true) expect(parsed.data).not.toStrictEqual(value);
  else expect(unchanged).toBe(false);
  expect(compileShapeCheck(schema, options)(value)).toBe(false);
}

function sparse(length: number, at: number, value: unknown): unknown[] {
  const array: unknown[] = [];
  array.length = length;
  array[at] = value;
  return array;
}

describe('compileShapeCheck', () => {
  it('checks primitives as zod does (finite numbers, safe integers)', () => {
    expectCheck(z.string(), 'x', true);
    expectCheck(z.string(), 1, false);
    expectCheck(z.number(), 1.5, true);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '1', null]) expectCheck(z.number(), bad, false);
    expectCheck(z.number().int(), 3, true);
    expectCheck(z.int(), 3, true);
    for (const bad of [1.5, 2 ** 53, '3']) expectCheck(z.number().int(), bad, false);
    expectCheck(z.boolean(), false, true);
    expectCheck(z.boolean(), 0, false);
    expectCheck(z.null(), null, true);
    expectCheck(z.null(), undefined, false);
  });

  it('checks literals and enums, inline or in a set', () => {
    expectCheck(z.literal('a'), 'a', true);
    expectCheck(z.literal('a'), 'b', false);
    expectCheck(z.literal(['a', 1, null]), 1, true);
    expectCheck(z.enum(['x', 'y']), 'y', true);
    expectCheck(z.enum(['x', 'y']), 'z', false);
    const many = z.enum(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    expectCheck(many, 'j', true);
    expectCheck(many, 'k', false);
  });

  it('lets undefined through optional and null through nullable, and leaves defaults to zod', () => {
    expectCheck(z.string().optional(), undefined, true);
    expectCheck(z.string().nullable(), null, true);
    expectCheck(z.string().nullable(), undefined, false);
    expectCheck(z.string().nullish(), null, true);
    expectCheck(z.string().nullish(), 1, false);
    expectCheck(z.string().default('d'), 'x', true);
    expectChangedByZod(z.string().default('d'), undefined);
    expectChangedByZod(z.string().default('d').optional(), undefined);
    expectChangedByZod(z.string().prefault('d'), undefined);
    expectCheck(z.string().catch('c'), 'x', true);
    expectChangedByZod(z.string().catch('c'), 1);
  });

  it('takes unknown and any as they are, but not a required key left out', () => {
    const schema = z.looseObject({ a: z.unknown(), b: z.any().optional() });
    expectCheck(schema, { a: { deep: [1] } }, true);
    expectCheck(schema, { a: undefined }, true);
    expectCheck(schema, {}, false);
    expect(schema.safeParse({}).success).toBe(false);
  });

  it('checks array elements, and refuses holes an element schema would fill', () => {
    expectCheck(z.array(z.string()), ['a', 'b'], true);
    expectCheck(z.array(z.string()), ['a', 1], false);
    expectCheck(z.array(z.string()), sparse(2, 1, 'a'), false);
    expectChangedByZod(z.array(z.unknown()), sparse(2, 1, 'a'));
    expectCheck(z.array(z.unknown()), [undefined, 1], true);
    expectCheck(z.array(z.string()), 'ab', false);
  });

  it('loose objects: other keys pass through, an own __proto__ is dropped by zod', () => {
    const schema = z.looseObject({ a: z.string(), b: z.number().optional() });
    expectCheck(schema, { a: 'x', extra: [1] }, true);
    expectCheck(schema, { b: 1, a: 'x' }, true);
    expectCheck(schema, { a: 'x', b: undefined }, true);
    expectCheck(schema, { a: 1 }, false);
    expectCheck(schema, { b: 1 }, false);
    expectCheck(schema, [], false);
    expectCheck(schema, null, false);
    expectChangedByZod(schema, JSON.parse('{"a": "x", "__proto__": {"b": 1}}'));
  });

  it('loose objects: a key zod fills in with a default, present or absent', () => {
    const schema = z.looseObject({ list: z.array(z.string()).default([]) });
    expectCheck(schema, { list: ['a'] }, true);
    expectChangedByZod(schema, {});
    expectChangedByZod(schema, { list: undefined });
  });

  it('loose objects: an optional key with a default inside gets the default, present or absent', () => {
    const schema = z.looseObject({ n: z.number().default(1).optional() });
    expectCheck(schema, { n: 2 }, true);
    expectChangedByZod(schema, {});
    expectChangedByZod(schema, { n: undefined });
  });

  it('strip objects: a key zod would strip, or one present as undefined, is left to zod', () => {
    const schema = z.object({ a: z.string(), b: z.string().optional() });
    expectCheck(schema, { a: 'x' }, true);
    expectCheck(schema, { b: 'y', a: 'x' }, true);
    expectChangedByZod(schema, { a: 'x', extra: 1 });
    expect(compileShapeCheck(schema)({ a: 'x', b: undefined })).toBe(false);
    expect(schema.parse({ a: 'x', b: undefined })).toStrictEqual({ a: 'x', b: undefined });
  });

  it('strict objects: another key fails', () => {
    const schema = z.strictObject({ a: z.string() });
    expectCheck(schema, { a: 'x' }, true);
    expectCheck(schema, { a: 'x', extra: 1 }, false);
    expect(schema.safeParse({ a: 'x', extra: 1 }).success).toBe(false);
  });

  it('keyOrder: keys must come in the shape order zod writes, other keys of a loose object last', () => {
    const strip = z.object({ a: z.string(), b: z.string().optional(), c: z.number() });
    expectCheck(strip, { a: 'x', c: 1 }, true, { keyOrder: true });
    expectCheck(strip, { a: 'x', b: 'y', c: 1 }, true, { keyOrder: true });
    expectChangedByZod(strip, { c: 1, a: 'x' }, { keyOrder: true });
    expectChangedByZod(strip, { a: 'x', c: 1, b: 'y' }, { keyOrder: true });
    expect(compileShapeCheck(strip, { keyOrder: true })({ a: 'x', b: undefined, c: 1 })).toBe(false);
    const loose = z.looseObject({ a: z.string(), b: z.string().optional() });
    expectCheck(loose, { a: 'x', b: 'y', extra: 1 }, true, { keyOrder: true });
    expectChangedByZod(loose, { a: 'x', extra: 1, b: 'y' }, { keyOrder: true });
    expectChangedByZod(loose, { extra: 1, a: 'x' }, { keyOrder: true });
    expectChangedByZod(z.array(loose), [{ b: 'y', a: 'x' }], { keyOrder: true });
  });

  it('keyOrder paths: only the objects named, and everything inside them', () => {
    const schema = z.discriminatedUnion('type', [
      z.looseObject({ type: z.literal('call'), action: z.looseObject({ kind: z.string(), args: z.looseObject({ x: z.number(), y: z.number() }) }) }),
      z.looseObject({ type: z.literal('note'), text: z.string() }),
    ]);
    const options = { keyOrder: ['<call>.action'] };
    expectCheck(schema, { action: { kind: 'k', args: { x: 1, y: 2 } }, type: 'call' }, true, options);
    expect(compileShapeCheck(schema, options)({ type: 'call', action: { args: { x: 1, y: 2 }, kind: 'k' } })).toBe(false);
    expect(compileShapeCheck(schema, options)({ type: 'call', action: { kind: 'k', args: { y: 2, x: 1 } } })).toBe(false);
    expect(() => compileShapeCheck(schema, { keyOrder: ['<call>.actions'] })).toThrow(/no object at <call>\.actions/);
  });

  it('unions: the first option that can take the value decides, as zod returns the first that accepts it', () => {
    const schema = z.union([z.string(), z.array(z.string()), z.looseObject({ content: z.string() })]);
    expectCheck(schema, 'x', true);
    expectCheck(schema, ['x'], true);
    expectCheck(schema, { content: 'x', more: 1 }, true);
    expectCheck(schema, 1, false);
    expectCheck(z.union([z.literal('a'), z.literal('b')]), 'b', true);
    // The strip option accepts first and drops `b`: zod's result differs from the input.
    expectChangedByZod(z.union([z.object({ a: z.string() }), z.looseObject({ a: z.string() })]), { a: 'x', b: 1 });
    expectCheck(z.union([z.number().int(), z.number()]), 1.5, true);
  });

  it('discriminated unions: the option of the discriminator value decides', () => {
    const schema = z.discriminatedUnion('type', [
      z.looseObject({ type: z.literal('a'), n: z.number() }),
      z.looseObject({ type: z.literal(['b', 'c']), s: z.string() }),
    ]);
    expectCheck(schema, { type: 'a', n: 1 }, true);
    expectCheck(schema, { type: 'c', s: 'x' }, true);
    expectCheck(schema, { type: 'a', s: 'x' }, false);
    expectCheck(schema, { type: 'd' }, false);
    expectCheck(schema, { n: 1 }, false);
    expectCheck(schema, 'a', false);
  });

  it('records with string keys: plain objects, values checked, an own __proto__ dropped by zod', () => {
    const schema = z.record(z.string(), z.number());
    expectCheck(schema, { b: 1, a: 2 }, true);
    expectCheck(schema, { a: 'x' }, false);
    expectCheck(schema, [], false);
    expectChangedByZod(z.record(z.string(), z.unknown()), JSON.parse('{"a": 1, "__proto__": 2}'));
    expectCheck(z.record(z.string(), z.unknown()), { a: { any: 'thing' } }, true);
  });

  it('throws on a construct it cannot reason about, or rejects there when asked', () => {
    const unsupported: [string, z.ZodType][] = [
      ['transform', z.string().transform((s) => s.length)],
      ['refine', z.string().refine((s) => s.length > 0)],
      ['length limit', z.string().min(1)],
      ['format', z.email()],
      ['coercion', z.coerce.number()],
      ['nonnegative', z.number().nonnegative()],
      ['lazy', z.lazy(() => z.string())],
      ['tuple', z.tuple([z.string()])],
      ['catchall', z.object({ a: z.string() }).catchall(z.string())],
      ['record of enum keys', z.record(z.enum(['a']), z.string())],
      ['a __proto__ key', z.looseObject({ ['__proto__']: z.string() })],
    ];
    for (const [name, schema] of unsupported) {
      const inObject = z.looseObject({ ok: z.string(), field: schema });
      expect(() => compileShapeCheck(inObject), name).toThrow(/\(root\)|\.field: .* is not supported/);
      const check = compileShapeCheck(inObject, { unsupported: 'reject' });
      expect(check({ ok: 'x' }), name).toBe(false);
      expect(check({ ok: 'x', field: 'a' }), name).toBe(false);
    }
  });

  it('stringKeys: the named fields count as strings and are not read', () => {
    const schema = z.discriminatedUnion('type', [
      z.object({ type: z.literal('out'), output: z.string(), note: z.string().optional(), n: z.number() }),
      z.object({ type: z.literal('in'), text: z.string() }),
    ]);
    const check = compileShapeCheck(schema, { keyOrder: true, stringKeys: true });
    const step = { type: 'out', output: '', n: 1 };
    Object.defineProperty(step, 'output', {
      enumerable: true,
      get() {
        throw new Error('read');
      },
    });
    expect(check(step, new Set(['output']))).toBe(true);
    expect(check({ type: 'out', output: 'x', n: 1 }, new Set(['n']))).toBe(false);
    expect(() => check(step)).toThrow('read');
    // Without the option the argument is ignored (the field is read).
    expect(() => compileShapeCheck(schema, { keyOrder: true })(step, new Set(['output']))).toThrow('read');
  });
});
