/**
 * Validators compiled by ajv from the *published* JSON Schema files in `schemas/`
 * (shipped with the package), so what `validate` enforces is exactly what we
 * publish, not a private copy of it.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { formatSchemaFileName, withDiscriminators } from '../schema/json-schemas.js';

export type SchemaName = 'trajectory' | 'messages' | 'thread-event' | 'atif' | 'issue' | 'manifest';

type SchemaError = { path: string; message: string };

export type SchemaValidator = (value: unknown) => SchemaError[];

/** The committed schema document (one directory above both src/ and dist/). */
export function readPublishedSchema(name: SchemaName): Record<string, unknown> {
  const url = new URL(`../../schemas/${formatSchemaFileName(name)}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

export function createSchemaValidators(): (name: SchemaName) => SchemaValidator {
  const ajv = new Ajv2020({ allErrors: true, discriminator: true, allowUnionTypes: true, logger: false });
  const compiled = new Map<SchemaName, SchemaValidator>();
  return (name) => {
    let validator = compiled.get(name);
    if (!validator) {
      // The discriminator makes a bad step one precise error (its own type's branch) rather than one per branch.
      const validate = ajv.compile(withDiscriminators(readPublishedSchema(name)));
      validator = (value) => (validate(value) ? [] : describeErrors(validate));
      compiled.set(name, validator);
    }
    return validator;
  };
}

function describeErrors(validate: ValidateFunction): SchemaError[] {
  return collapseTypeAlternatives(validate.errors ?? []).map((error) => ({ path: toJsonPath(error.instancePath), message: describeError(error) }));
}

/**
 * A nullable integer is `anyOf: [integer, null]`, so a string there yields three
 * errors ("must be integer", "must be null", "must match a schema in anyOf"). When
 * every alternative failed only on its type, report one "must be integer or null".
 */
function collapseTypeAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf') continue;
    const prefix = error.schemaPath.replace(/\/anyOf$/, '/anyOf/');
    const branches = errors.filter((e) => e !== error && e.instancePath === error.instancePath && e.schemaPath.startsWith(prefix));
    if (branches.length === 0 || !branches.every((e) => e.keyword === 'type')) continue;
    const types = branches.flatMap((e) => String((e.params as { type?: unknown }).type).split(','));
    for (const branch of branches) dropped.add(branch);
    replaced.set(error, { ...error, keyword: 'type', message: `must be ${types.join(' or ')}`, params: { type: types.join(',') } });
  }
  return errors.filter((e) => !dropped.has(e)).map((e) => replaced.get(e) ?? e);
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'type') return `must be ${String(params.type).split(',').join(' or ')}`;
  const message = error.message ?? 'is invalid';
  if (typeof params.additionalProperty === 'string') return `${message}: "${params.additionalProperty}"`;
  if (Array.isArray(params.allowedValues)) return `${message}: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if ('allowedValue' in params) return `${message}: ${JSON.stringify(params.allowedValue)}`;
  return message;
}

/** `/trajectory/3/content` -> `$.trajectory[3].content`. */
function toJsonPath(pointer: string): string {
  if (pointer === '') return '$';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : /^[A-Za-z_][\w]*$/.test(part) ? `${path}.${part}` : `${path}[${JSON.stringify(part)}]`), '$');
}
