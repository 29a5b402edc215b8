/**
 * The published JSON Schemas (draft 2020-12), generated from the zod schemas that
 * the code itself validates with. `schemas/*.schema.json` are these, committed; a
 * test fails when they drift, and `npm run schemas` regenerates them.
 *
 * They hold standard keywords only, so that any validator compiles them as they are,
 * Ajv in its default strict mode (`new Ajv2020()`) included: the schema version is in
 * the `$id`, and discriminated unions are plain `oneOf`s whose branches each pin the tag
 * with a `const`. `withDiscriminators` adds the OpenAPI `discriminator` keyword back for
 * validators that know it (Ajv with `discriminator: true`), which then check a step only
 * against its own type's branch and report one precise error instead of one per branch.
 */
import { z } from 'zod';
import { inputIssueSchema } from '../issues.js';
import { threadEventSchema } from '../translate/thread-events.js';
import { atifTrajectorySchema } from '../trajectory/atif-schema.js';
import { messagesRowSchema } from '../trajectory/messages-schema.js';
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
  messages: {
    zod: messagesRowSchema,
    title: 'rollout-kit chat messages row',
    description:
      'One Codex session in the OpenAI chat format SFT trainers read, written by `--format messages` and `--format messages-parquet`: messages (system, developer, user, assistant with reasoning_content and tool_calls, tool with tool_call_id), the tools offered, and the session metadata. That every tool message answers a tool call of an earlier assistant message is checked by `rollout-kit validate`.',
  },
  'thread-event': {
    zod: threadEventSchema,
    title: 'rollout-kit thread event',
    description: 'One event of the `codex exec --json` stream (thread.started, turn.*, item.*, error), as rollout-kit replays it.',
  },
  atif: {
    zod: atifTrajectorySchema,
    title: 'ATIF trajectory (Agent Trajectory Interchange Format v1.7)',
    description:
      'One session as an ATIF v1.7 trajectory (Harbor RFC 0001), written by `--format atif`. Written from the RFC, which publishes no JSON Schema; its validator rules that a JSON Schema cannot state (sequential step ids, ISO 8601 timestamps, agent-only fields, observations pointing at a call of their step) are checked by `rollout-kit validate`.',
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
      markObjectUnion(ctx);
    },
  }) as JsonSchemaDocument;
  const { $schema, ...body } = splitUnionTypes(generated);
  return {
    $schema,
    $id: formatSchemaId(name),
    title: entry.title,
    description: entry.description,
    $comment: `rollout-kit schema version ${SCHEMA_VERSION}`,
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

/** Every branch of a discriminated union is an object; saying so up front keeps strict validators quiet. */
function markObjectUnion(ctx: OverrideContext): void {
  const def = (ctx.zodSchema as ZodInternals)._zod?.def;
  if (def?.type === 'union' && typeof def.discriminator === 'string' && Array.isArray(ctx.jsonSchema.oneOf)) ctx.jsonSchema.type = 'object';
}

/**
 * zod writes a union of primitives as one `type` array (`["string", "number", "null"]`),
 * which Ajv's strict mode refuses unless told `allowUnionTypes`; `anyOf` says the same
 * in a form every validator takes. A type and null (`["string", "null"]`) stays as it is.
 */
function splitUnionTypes<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item: unknown) => splitUnionTypes(item)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonNode = {};
  for (const [key, value] of Object.entries(schema as JsonNode)) out[key] = splitUnionTypes(value);
  const { type } = out;
  if (!Array.isArray(type) || type.filter((t) => t !== 'null').length < 2) return out as T;
  const { type: _split, ...rest } = out;
  return { ...rest, anyOf: type.map((t: unknown) => ({ type: t })) } as T;
}

type JsonNode = Record<string, unknown>;

/**
 * A copy of a published schema with the OpenAPI `discriminator` keyword on every `oneOf`
 * whose branches are objects that each require one tag property pinned by a `const`
 * (step types, event types): what Ajv's `discriminator: true` option reads.
 */
export function withDiscriminators<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item: unknown) => withDiscriminators(item)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonNode = {};
  for (const [key, value] of Object.entries(schema as JsonNode)) out[key] = withDiscriminators(value);
  const tag = Array.isArray(out.oneOf) ? discriminatorOf(out.oneOf as unknown[]) : null;
  if (tag !== null) out.discriminator = { propertyName: tag };
  return out as T;
}

function discriminatorOf(branches: unknown[]): string | null {
  const first = branches[0] as JsonNode | undefined;
  const candidates = Object.keys((first?.properties as JsonNode | undefined) ?? {});
  return (
    candidates.find((key) => {
      const tags = branches.map((branch) => {
        const node = branch as JsonNode;
        const property = (node.properties as Record<string, JsonNode> | undefined)?.[key];
        return node.type === 'object' && Array.isArray(node.required) && node.required.includes(key) && property && typeof property.const === 'string' ? property.const : null;
      });
      return tags.every((t) => t !== null) && new Set(tags).size === tags.length;
    }) ?? null
  );
}
