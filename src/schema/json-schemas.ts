/**
 * The published JSON Schemas (draft 2020-12), generated from the zod schemas that
 * the code itself validates with. `schemas/*.schema.json` are these, committed; a
 * test fails when they drift, and `npm run schemas` regenerates them.
 */
import { z } from 'zod';
import { inputIssueSchema } from '../issues.js';
import { threadEventSchema } from '../translate/thread-events.js';
import { trajectoryRecordSchema } from '../trajectory/rl-schema.js';
import { manifestSchema } from './manifest-schema.js';
import { SCHEMA_VERSION, formatSchemaId } from './version.js';

type PublishedSchema = { zod: z.ZodType; title: string; description: string };

const PUBLISHED: Record<string, PublishedSchema> = {
  trajectory: {
    zod: trajectoryRecordSchema,
    title: 'rollout-kit trajectory record',
    description:
      'One Codex session as an RL trajectory: the seed --output-rollout fields (session_id, model, cwd, prompt, system_instructions, trajectory, final_response, success, source_path, raw_item_count) plus documented extensions.',
  },
  'thread-event': {
    zod: threadEventSchema,
    title: 'rollout-kit thread event',
    description: 'One event of the `codex exec --json` stream (thread.started, turn.*, item.*, error), as rollout-kit replays it.',
  },
  issue: {
    zod: inputIssueSchema,
    title: 'rollout-kit input issue',
    description: 'One line of issues.jsonl: a bad-input problem (file, 1-based line or null, code, message) that did not stop the run.',
  },
  manifest: {
    zod: manifestSchema,
    title: 'rollout-kit output manifest',
    description: 'manifest.json: the files a rollout-kit run wrote (rows, bytes, sha256), totals and inputs.',
  },
};

export const SCHEMA_NAMES = Object.keys(PUBLISHED) as readonly string[];

type JsonSchemaDocument = Record<string, unknown>;

/** The file a schema is published as, under `schemas/`. */
export function formatSchemaFileName(name: string): string {
  return `${name}.schema.json`;
}

export function isSchemaName(name: string): boolean {
  return Object.hasOwn(PUBLISHED, name);
}

/** Builds the JSON Schema document for one published schema. */
export function generateJsonSchema(name: string): JsonSchemaDocument {
  const entry = PUBLISHED[name];
  if (!entry) throw new Error(`unknown schema "${name}" (known: ${SCHEMA_NAMES.join(', ')})`);
  const generated = z.toJSONSchema(entry.zod, {
    target: 'draft-2020-12',
    io: 'output',
    override: (ctx) => {
      requireNonOptionalUnknowns(ctx);
      markDiscriminator(ctx);
    },
  }) as JsonSchemaDocument;
  const { $schema, ...body } = generated;
  return {
    $schema,
    $id: formatSchemaId(name),
    title: entry.title,
    description: entry.description,
    'x-schema-version': SCHEMA_VERSION,
    ...body,
  };
}

/** The exact text of `schemas/<name>.schema.json`. */
export function renderJsonSchema(name: string): string {
  return `${JSON.stringify(generateJsonSchema(name), null, 2)}\n`;
}

type OverrideContext = { zodSchema: unknown; jsonSchema: Record<string, unknown> };
type ZodInternals = { _zod?: { def?: { type?: string; discriminator?: string; shape?: Record<string, ZodInternals> }; optout?: string } };

/**
 * zod leaves `z.unknown()` keys out of `required`, yet its own object parser
 * rejects a record without them (tool `arguments` must be present, even if null).
 * Make the JSON Schema say what zod enforces: every key not marked optional is required.
 */
function requireNonOptionalUnknowns(ctx: OverrideContext): void {
  const def = (ctx.zodSchema as ZodInternals)._zod?.def;
  if (def?.type !== 'object' || !def.shape) return;
  const required = Object.entries(def.shape)
    .filter(([, schema]) => schema._zod?.optout !== 'optional')
    .map(([key]) => key);
  if (required.length > 0) ctx.jsonSchema.required = required;
  else delete ctx.jsonSchema.required;
}

/**
 * Tags discriminated unions (step types, event types) with the OpenAPI
 * `discriminator` keyword. Validators that know it (ajv with `discriminator: true`)
 * then check a step only against its own type's branch and report one precise
 * error instead of one per branch; other validators ignore the keyword.
 */
function markDiscriminator(ctx: OverrideContext): void {
  const def = (ctx.zodSchema as ZodInternals)._zod?.def;
  if (def?.type === 'union' && typeof def.discriminator === 'string' && Array.isArray(ctx.jsonSchema.oneOf)) {
    // Every branch is an object; saying so up front keeps strict validators quiet.
    ctx.jsonSchema.type = 'object';
    ctx.jsonSchema.discriminator = { propertyName: def.discriminator };
  }
}
