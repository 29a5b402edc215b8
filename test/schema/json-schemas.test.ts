import { readFile, readdir } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SCHEMA_NAMES, formatSchemaFileName, generateJsonSchema, renderJsonSchema, withDiscriminators } from '../../src/schema/json-schemas.js';
import { SCHEMA_VERSION } from '../../src/schema/version.js';
import { trajectoryRecordSchema } from '../../src/trajectory/rl-schema.js';
import { makeSession, toRecord } from '../write/sample-records.js';

const schemasDir = new URL('../../schemas/', import.meta.url);

function compile(name: string) {
  const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: true, logger: false });
  return ajv.compile(withDiscriminators(generateJsonSchema(name)));
}

describe('published JSON Schemas', () => {
  it.each(SCHEMA_NAMES.map((n) => [n]))('schemas/%s.schema.json is what the code generates (run `npm run schemas` after changing a zod schema)', async (name) => {
    const committed = await readFile(new URL(formatSchemaFileName(name), schemasDir), 'utf8');
    expect(committed).toBe(renderJsonSchema(name));
  });

  it('publishes exactly the known schemas', async () => {
    const files = (await readdir(schemasDir)).filter((f) => f.endsWith('.schema.json')).sort();
    expect(files).toEqual(SCHEMA_NAMES.map(formatSchemaFileName).sort());
    expect(SCHEMA_NAMES).toEqual(expect.arrayContaining(['trajectory', 'thread-event', 'manifest']));
  });

  it.each(SCHEMA_NAMES.map((n) => [n]))('schemas/%s.schema.json compiles as published in Ajv\'s default strict mode (no vendor keywords)', async (name) => {
    const published = JSON.parse(await readFile(new URL(formatSchemaFileName(name), schemasDir), 'utf8')) as Record<string, unknown>;
    const warnings: unknown[] = [];
    const logger = { log: () => undefined, warn: (...args: unknown[]) => warnings.push(args), error: (...args: unknown[]) => warnings.push(args) };
    expect(() => new Ajv2020({ logger }).compile(published)).not.toThrow();
    expect(() => new Ajv2020({ strict: true, logger }).compile(published)).not.toThrow();
    expect(warnings).toEqual([]);
  });

  it.each(SCHEMA_NAMES.map((n) => [n]))('%s is draft 2020-12 with a versioned $id, and compiles in strict mode', (name) => {
    const schema = generateJsonSchema(name);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://rollout-kit.dev/schemas/${SCHEMA_VERSION}/${name}.schema.json`);
    expect(() => compile(name)).not.toThrow();
  });

  it('accepts what zod accepts and rejects what zod rejects, for trajectory records', () => {
    const validate = compile('trajectory');
    const record = toRecord(makeSession('s1'));
    const cases: unknown[] = [
      record,
      { ...record, success: 'yes' },
      { ...record, trajectory: [{ type: 'tool_call', name: 'x', call_id: null, timestamp: null, turn: 0 }] },
      { ...record, trajectory: [{ type: 'tool_call', name: 'x', arguments: null, call_id: null, timestamp: null, turn: 0 }] },
      { ...record, trajectory: [{ type: 'telepathy', content: 'x', timestamp: null, turn: 0 }] },
      { ...record, usage: { ...record.usage, total_tokens: 1.5 } },
      { ...record, outcome: 'exploded' },
      (({ prompt: _prompt, ...rest }) => rest)(record),
    ];
    const verdicts = cases.map((value) => [validate(value), trajectoryRecordSchema.safeParse(value).success]);
    expect(verdicts.map(([ajv]) => ajv)).toEqual([true, false, false, true, false, false, false, false]);
    for (const [ajv, zod] of verdicts) expect(ajv).toBe(zod);
  });

  it('rejects unknown fields, which zod strips before writing and so never appear in output', () => {
    const validate = compile('trajectory');
    const record = toRecord(makeSession('s1'));
    expect(validate({ ...record, trajectory: [{ type: 'reasoning', content: 'x', timestamp: null, turn: 0, extra: 1 }] })).toBe(false);
    expect(validate({ ...record, extra: 1 })).toBe(false);
  });

  it('reports a bad step against its own step type only (discriminator)', () => {
    const validate = compile('trajectory');
    const record = toRecord(makeSession('s1'));
    validate({ ...record, trajectory: [{ type: 'tool_output', call_id: 'c', output: 7, timestamp: null, turn: 0 }] });
    expect(validate.errors?.map((e) => [e.instancePath, e.message])).toEqual([['/trajectory/0/output', 'must be string']]);
  });
});
