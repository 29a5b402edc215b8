import { z } from 'zod';

/**
 * What a redacted secret was, as it appears in its placeholder `[REDACTED:<kind>]` and in the
 * counts recorded in the manifest. The kind names the detector that fired, not a verdict on
 * the secret: a value assigned to `OPENAI_API_KEY` that is shaped like an OpenAI key is an
 * `openai_api_key`, one with no recognisable shape is a `secret_assignment`.
 */
export const REDACTION_KINDS = [
  'openai_api_key',
  'anthropic_api_key',
  'github_token',
  'gitlab_token',
  'slack_token',
  'slack_webhook',
  'stripe_key',
  'google_api_key',
  'huggingface_token',
  'npm_token',
  'aws_access_key_id',
  'aws_secret_access_key',
  'jwt',
  'private_key',
  'bearer_token',
  'basic_auth',
  'url_password',
  'secret_assignment',
] as const;

export const redactionKindSchema = z.enum(REDACTION_KINDS);
export type RedactionKind = z.infer<typeof redactionKindSchema>;

/** How many secrets of each kind were replaced; kinds that never fired are absent. */
export const redactionCountsSchema = z.partialRecord(redactionKindSchema, z.number().int().positive());
export type RedactionCounts = z.infer<typeof redactionCountsSchema>;

/** The text that replaces a secret. It needs no escaping inside a JSON string. */
export function formatPlaceholder(kind: RedactionKind): string {
  return `[REDACTED:${kind}]`;
}

/** Adds the counts of `from` into `into` (for merging per-file or per-worker counts). */
export function mergeRedactionCounts(into: RedactionCounts, from: RedactionCounts): RedactionCounts {
  for (const kind of REDACTION_KINDS) {
    const n = from[kind];
    if (n !== undefined) into[kind] = (into[kind] ?? 0) + n;
  }
  return into;
}
