/**
 * The record columns as the `dataset_info.features` of a dataset card's YAML header, in
 * the form the Hub writes: a value is `dtype: <type>`, a struct lists its fields, a list
 * of values is `list: <type>`, a list of structs lists the item's fields under `list`.
 */
import { RECORD_COLUMNS, type Column, type ColumnType } from '../arrow/arrow-columns.js';

function valueType(type: ColumnType): string | null {
  switch (type.kind) {
    case 'string':
    case 'json':
      return 'string';
    case 'bool':
      return 'bool';
    case 'int64':
      return 'int64';
    case 'float64':
      return 'float64';
    default:
      return null;
  }
}

/** YAML lines of one field (`- name: ...` and its type), indented by `indent`. */
function renderField(column: Column, indent: string): string[] {
  return [`${indent}- name: ${column.name}`, ...renderType(column.type, `${indent}  `)];
}

function renderType(type: ColumnType, indent: string): string[] {
  const value = valueType(type);
  if (value !== null) return [`${indent}dtype: ${value}`];
  if (type.kind === 'struct') return [`${indent}struct:`, ...type.fields.flatMap((f) => renderField(f, indent))];
  if (type.kind === 'list') {
    const item = valueType(type.item);
    if (item !== null) return [`${indent}list: ${item}`];
    if (type.item.kind === 'struct') return [`${indent}list:`, ...type.item.fields.flatMap((f) => renderField(f, indent))];
    return [`${indent}list:`, ...renderType(type.item, `${indent}  `)];
  }
  throw new Error(`no card feature for column type ${type.kind}`);
}

/** The `features:` block's items, two spaces in (the record's columns unless told). */
export function renderCardFeatures(columns: readonly Column[] = RECORD_COLUMNS): string[] {
  return columns.flatMap((column) => renderField(column, '  '));
}
