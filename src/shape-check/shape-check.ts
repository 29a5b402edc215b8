/**
 * A check compiled from a zod schema (compile-shape-check.ts): true only when the
 * schema's parse would accept the value and return it unchanged, so the caller can use
 * the value as it is and skip the parse. False says nothing more: the value may be
 * invalid, or valid but changed by the parse (a default filled in, a key stripped),
 * and the caller lets zod decide.
 */
export type ShapeCheck = (value: unknown, stringKeys?: StringKeys) => boolean;

/**
 * Keys of the checked object whose values are strings that must not be read (a getter
 * that decodes raw JSON text on first read): they count as strings. A Map or a Set.
 */
export interface StringKeys {
  has(key: string): boolean;
}
