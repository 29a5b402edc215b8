import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJsonlSink } from '../../src/formats/jsonl/jsonl-sink.js';
import { manifestSchema } from '../../src/schema/manifest-schema.js';
import { buildManifest, writeManifest, type ManifestInput } from '../../src/write/manifest.js';
import { makeSession, writeSessions } from './sample-records.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-manifest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runJsonl(): Promise<ManifestInput> {
  const sink = createJsonlSink({ outDir: dir, shardRows: 1 });
  await writeSessions(sink, [makeSession('b'), makeSession('a')]);
  const summary = await sink.close();
  return {
    format: 'jsonl',
    files: [...summary.files].reverse(),
    sessions: summary.sessions,
    steps: summary.steps,
    issues: { total: 3, byCode: { unknown_type: 2, invalid_json: 1 } },
    inputs: { count: 3, bytes: 4096 },
  };
}

describe('manifest', () => {
  it('records version, format, files (sorted, hashed), totals and inputs', async () => {
    const input = await runJsonl();
    const { manifest, file } = await writeManifest(dir, input);
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(manifest).toMatchObject({
      schema_version: '2.1.0',
      record_schema: 'https://rollout-kit.dev/schemas/2.1.0/trajectory.schema.json',
      tool: { name: 'rollout-kit', version: pkg.version },
      format: 'jsonl',
      arrow_ipc: null,
      totals: {
        sessions: 2,
        steps: 20,
        steps_by_type: { user_message: 4, assistant_message: 4, reasoning: 2, tool_call: 4, tool_output: 4, shell_command: 2 },
        issues: 3,
        issues_by_code: { invalid_json: 1, unknown_type: 2 },
      },
      inputs: { count: 3, bytes: 4096 },
    });
    expect(Object.keys(manifest.totals.issues_by_code)).toEqual(['invalid_json', 'unknown_type']);
    expect(manifest.files.map((f) => f.path)).toEqual(['trajectories-00000-of-00002.jsonl', 'trajectories-00001-of-00002.jsonl']);
    for (const entry of manifest.files) {
      const bytes = await readFile(path.join(dir, entry.path));
      expect(entry.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(entry.bytes).toBe(bytes.byteLength);
    }
    const text = await readFile(path.join(dir, 'manifest.json'), 'utf8');
    expect(manifestSchema.parse(JSON.parse(text))).toEqual(manifest);
    expect(file.bytes).toBe(Buffer.byteLength(text));
  });

  it('is byte-identical on a re-run and holds no absolute path or timestamp', async () => {
    await writeManifest(dir, await runJsonl());
    const a = await readFile(path.join(dir, 'manifest.json'), 'utf8');
    await writeManifest(dir, await runJsonl());
    const b = await readFile(path.join(dir, 'manifest.json'), 'utf8');
    expect(b).toBe(a);
    expect(a).not.toContain(dir);
    expect(a).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('names the IPC flavour for arrow and the thread-event schema for thread-events', () => {
    const base = { files: [], sessions: 0, steps: {}, issues: { total: 0, byCode: {} }, inputs: { count: 0, bytes: 0 }, toolVersion: '9.9.9' };
    expect(buildManifest({ ...base, format: 'arrow' }).arrow_ipc).toBe('stream');
    expect(buildManifest({ ...base, format: 'arrow', arrowIpc: 'file' }).arrow_ipc).toBe('file');
    expect(buildManifest({ ...base, format: 'thread-events' }).record_schema).toBe(
      'https://rollout-kit.dev/schemas/2.1.0/thread-event.schema.json',
    );
    expect(buildManifest({ ...base, format: 'atif' }).record_schema).toBe('https://rollout-kit.dev/schemas/2.1.0/atif.schema.json');
  });

  it('rejects inconsistent input instead of writing a bad manifest', () => {
    const base = { files: [], sessions: -1, steps: {}, issues: { total: 0, byCode: {} }, inputs: { count: 0, bytes: 0 } };
    expect(() => buildManifest({ ...base, format: 'json' })).toThrow();
  });
});
