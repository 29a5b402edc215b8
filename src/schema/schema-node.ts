/** The parts of a generated JSON Schema (draft 2020-12) that the Arrow writer and validator walk. */
export type SchemaNode = {
  type?: string | string[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  const?: unknown;
  discriminator?: { propertyName: string };
};
