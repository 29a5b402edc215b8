/**
 * Arrow types and Hugging Face `datasets` features for the record columns. Both are
 * projections of RECORD_COLUMNS, so `dataset_info.json` always describes exactly the
 * Arrow schema in the shards (a test reads a shard back to check it).
 */
import { Bool, Field, Float64, Int64, List, Schema, Struct, Utf8, type DataType } from 'apache-arrow';
import { SCHEMA_VERSION, formatSchemaId } from '../../schema/version.js';
import { RECORD_COLUMNS, type Column, type ColumnType } from './arrow-columns.js';

/** Name of a list's child field, as pyarrow and `datasets` name it. */
const LIST_ITEM_NAME = 'item';

export function toArrowType(type: ColumnType): DataType {
  switch (type.kind) {
    case 'string':
    case 'json':
      return new Utf8();
    case 'bool':
      return new Bool();
    case 'int64':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'list':
      return new List(new Field(LIST_ITEM_NAME, toArrowType(type.item), true));
    case 'struct':
      return new Struct(type.fields.map(toArrowField));
  }
}

function toArrowField(column: Column): Field {
  return new Field(column.name, toArrowType(column.type), true);
}

type HfFeature = { dtype: string; _type: 'Value' } | { feature: HfFeature; _type: 'List' } | { [name: string]: HfFeature };

/** The `datasets` feature for a column type (`Value`, `List`, or a dict for a struct). */
function toHfFeature(type: ColumnType): HfFeature {
  switch (type.kind) {
    case 'string':
    case 'json':
      return { dtype: 'string', _type: 'Value' };
    case 'bool':
      return { dtype: 'bool', _type: 'Value' };
    case 'int64':
      return { dtype: 'int64', _type: 'Value' };
    case 'float64':
      return { dtype: 'float64', _type: 'Value' };
    case 'list':
      return { feature: toHfFeature(type.item), _type: 'List' };
    case 'struct':
      return Object.fromEntries(type.fields.map((f) => [f.name, toHfFeature(f.type)]));
  }
}

/** The `features` object of dataset_info.json, column order preserved. */
export function createHfFeatures(columns: readonly Column[] = RECORD_COLUMNS): Record<string, HfFeature> {
  return Object.fromEntries(columns.map((c) => [c.name, toHfFeature(c.type)]));
}

/** Schema metadata key `datasets` reads features from. */
export const HF_METADATA_KEY = 'huggingface';
/** Schema metadata key naming the record schema the rows follow. */
const ROLLOUT_KIT_METADATA_KEY = 'rollout_kit';

/** The Arrow schema of rows with these columns, which follow the published schema `schemaName` (default: the record's). */
export function createRecordArrowSchema(columns: readonly Column[] = RECORD_COLUMNS, schemaName = 'trajectory'): Schema {
  const metadata = new Map<string, string>([
    [HF_METADATA_KEY, JSON.stringify({ info: { features: createHfFeatures(columns) } })],
    [ROLLOUT_KIT_METADATA_KEY, JSON.stringify({ schema_version: SCHEMA_VERSION, record_schema: formatSchemaId(schemaName) })],
  ]);
  return new Schema(columns.map(toArrowField), metadata);
}
