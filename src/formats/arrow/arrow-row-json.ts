/**
 * Turns an Arrow row back into the JSON record it stands for, so it can be checked
 * against the same JSON Schema as JSON and JSONL output. Two passes: the column
 * layout decodes Arrow encodings (Int64 -> number, JSON text -> value, lists, structs),
 * then the JSON Schema drops the nulls that only mean "this step type has no such
 * field" (the step struct holds the union of all step fields).
 */
import type { Column, ColumnType } from './arrow-columns.js';
import type { SchemaNode } from '../../schema/schema-node.js';

type DecodeError = { path: string; message: string };

type ArrowLike = { toJSON?: () => unknown; [Symbol.iterator]?: () => Iterator<unknown> };

function decodeArrowValue(type: ColumnType, value: unknown, path: string, errors: DecodeError[]): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'string':
    case 'bool':
    case 'float64':
      return value;
    case 'int64': {
      const n = typeof value === 'bigint' ? Number(value) : value;
      if (typeof value === 'bigint' && !Number.isSafeInteger(n)) errors.push({ path, message: `integer ${value} is outside the safe range` });
      return n;
    }
    case 'json':
      try {
        return JSON.parse(String(value));
      } catch {
        errors.push({ path, message: 'JSON text column does not hold valid JSON' });
        return value;
      }
    case 'list': {
      const items = Array.isArray(value) ? value : Array.from(value as Iterable<unknown>);
      return items.map((item, i) => decodeArrowValue(type.item, item, `${path}[${i}]`, errors));
    }
    case 'struct':
      return decodeStruct(type.fields, value, path, errors);
  }
}

export function decodeStruct(fields: readonly Column[], value: unknown, path: string, errors: DecodeError[]): Record<string, unknown> {
  const source = (typeof (value as ArrowLike).toJSON === 'function' ? (value as ArrowLike).toJSON?.() : value) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field.name] = decodeArrowValue(field.type, source[field.name], `${path}.${field.name}`, errors);
  return out;
}


/** Removes null fields the schema does not require (absent optional fields, other step types' fields). */
/** The property every variant fixes to a constant (steps' `type`, messages' `role`): what tells them apart. */
function constantKey(variants: readonly SchemaNode[]): string | undefined {
  return Object.keys(variants[0]?.properties ?? {}).find((key) => variants.every((variant) => variant.properties?.[key]?.const !== undefined));
}

export function dropAbsentFields(node: SchemaNode, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const variants = (node.anyOf ?? node.oneOf)?.filter((v) => v.type !== 'null');
  if (variants && variants.length === 1) return dropAbsentFields(variants[0] as SchemaNode, value);
  if (variants && variants.length > 1) {
    const key = node.discriminator?.propertyName ?? constantKey(variants) ?? 'type';
    const tag = (value as Record<string, unknown>)[key];
    const branch = variants.find((v) => v.properties?.[key]?.const === tag);
    // No branch for this tag: keep everything, the validator reports the bad tag.
    return branch ? dropAbsentFields(branch, value) : value;
  }
  if (Array.isArray(value)) return node.items ? value.map((item) => dropAbsentFields(node.items as SchemaNode, item)) : value;
  const properties = node.properties ?? {};
  const required = new Set(node.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childSchema = properties[key];
    if (child === null && !(childSchema && required.has(key))) continue;
    out[key] = childSchema ? dropAbsentFields(childSchema, child) : child;
  }
  return out;
}
