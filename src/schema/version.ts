/**
 * Versions stamped into every output. SCHEMA_VERSION is the version of the published
 * record, thread-event and manifest schemas (semver: a new optional field is a
 * minor bump, a removed or retyped field a major one); it is part of each schema's
 * `$id`, so a consumer can pin the exact contract it was written against.
 */
import { readFileSync } from 'node:fs';

export const SCHEMA_VERSION = '2.1.0';
export const TOOL_NAME = 'rollout-kit';
const SCHEMA_BASE_URL = 'https://rollout-kit.dev/schemas';

export function formatSchemaId(name: string, version: string = SCHEMA_VERSION): string {
  return `${SCHEMA_BASE_URL}/${version}/${name}.schema.json`;
}

let cachedToolVersion: string | undefined;

/** The package version, read from package.json (one level above both src/ and dist/). */
export function readToolVersion(): string {
  if (cachedToolVersion === undefined) {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const { version } = JSON.parse(text) as { version?: unknown };
    if (typeof version !== 'string') throw new Error('package.json has no version');
    cachedToolVersion = version;
  }
  return cachedToolVersion;
}
