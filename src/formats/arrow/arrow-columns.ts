/**
 * The Arrow column layout of the trajectory record, derived from the published JSON
 * Schema (itself generated from the zod record schema), never from the data: every
 * shard of every run has the same columns and types, and a field that is absent
 * from one shard is still a typed, all-null column there.
 *
 * The step union becomes one struct holding the union of every step type's fields
 * (a field a step type lacks is null), and values of arbitrary JSON (tool
 * `arguments`) become a string column holding their JSON text.
 */
import { generateJsonSchema } from '../../schema/json-schemas.js';
import type { SchemaNode } from '../../schema/schema-node.js';

export type ColumnType =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'int64' }
  | { kind: 'float64' }
  /** Any JSON value, stored as its JSON text. */
  | { kind: 'json' }
  | { kind: 'list'; item: ColumnType }
  | { kind: 'struct'; fields: Column[] };

export type Column = { name: string; type: ColumnType };


/** Maps one JSON Schema node to its column type; nullability is implied (every column is nullable). */
function deriveColumnType(node: SchemaNode, where: string): ColumnType {
  const variants = (node.anyOf ?? node.oneOf)?.filter((v) => v.type !== 'null');
  if (variants && variants.length > 0) {
    if (variants.length === 1) return deriveColumnType(variants[0] as SchemaNode, where);
    if (variants.every((v) => v.type === 'object')) return mergeStructs(variants, where);
    throw new Error(`${where}: a union of non-object types has no Arrow column type`);
  }
  const types = (Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type]).filter((t) => t !== 'null');
  if (types.length === 0) return { kind: 'json' };
  if (types.length > 1) throw new Error(`${where}: a value of types ${types.join('|')} has no Arrow column type`);
  switch (types[0]) {
    case 'string':
      return { kind: 'string' };
    case 'boolean':
      return { kind: 'bool' };
    case 'integer':
      return { kind: 'int64' };
    case 'number':
      return { kind: 'float64' };
    case 'array':
      if (!node.items) throw new Error(`${where}: array without items`);
      return { kind: 'list', item: deriveColumnType(node.items, `${where}[]`) };
    case 'object':
      return mergeStructs([node], where);
    default:
      throw new Error(`${where}: unsupported JSON Schema type ${String(types[0])}`);
  }
}

/** One struct with the union of the variants' fields, in order of first appearance. */
function mergeStructs(variants: SchemaNode[], where: string): ColumnType {
  const fields: Column[] = [];
  const byName = new Map<string, Column>();
  for (const variant of variants) {
    if (!variant.properties) throw new Error(`${where}: object without properties`);
    for (const [name, child] of Object.entries(variant.properties)) {
      const type = deriveColumnType(child, `${where}.${name}`);
      const seen = byName.get(name);
      if (!seen) {
        const column = { name, type };
        byName.set(name, column);
        fields.push(column);
      } else if (JSON.stringify(seen.type) !== JSON.stringify(type)) {
        throw new Error(`${where}.${name}: step types disagree on the field's type`);
      }
    }
  }
  return { kind: 'struct', fields };
}

/** Top-level columns of the rows a published schema describes (`trajectory`, `messages`), in its field order. */
export function deriveSchemaColumns(schemaName: string): Column[] {
  const type = deriveColumnType(generateJsonSchema(schemaName) as SchemaNode, '$');
  if (type.kind !== 'struct') throw new Error(`the ${schemaName} schema is not an object`);
  return type.fields;
}

export const RECORD_COLUMNS: readonly Column[] = deriveSchemaColumns('trajectory');
