import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCommand } from 'citty';
import { describe, expect, it } from 'vitest';
import { schemaCommand } from '../../src/cli/schema-command.js';
import type { CliIo } from '../../src/cli/io.js';
import { renderJsonSchema } from '../../src/schema/json-schemas.js';

async function run(rawArgs: string[]): Promise<{ code: unknown; stdout: string }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const io: CliIo = { stdout, stderr: new PassThrough(), isTTY: false, env: {}, cwd: process.cwd() };
  const { result } = await runCommand(schemaCommand, { rawArgs, data: { io } });
  return { code: result, stdout: Buffer.concat(chunks).toString('utf8') };
}

describe('rollout-kit schema', () => {
  it('prints one schema by name', async () => {
    const { code, stdout } = await run(['trajectory']);
    expect(code).toBe(0);
    expect(stdout).toBe(renderJsonSchema('trajectory'));
  });

  it('lists the schemas and their $id without a name', async () => {
    const { stdout } = await run([]);
    expect(stdout).toContain('thread-event\thttps://rollout-kit.dev/schemas/2.1.0/thread-event.schema.json');
    expect(stdout).toContain('atif\thttps://rollout-kit.dev/schemas/2.1.0/atif.schema.json');
    expect(stdout).toContain('messages\thttps://rollout-kit.dev/schemas/2.1.0/messages.schema.json');
    expect(stdout.trim().split('\n')).toHaveLength(6);
  });

  it('writes every schema with --out', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rk-schema-'));
    try {
      await run(['--out', dir]);
      expect(await readFile(path.join(dir, 'manifest.schema.json'), 'utf8')).toBe(renderJsonSchema('manifest'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown schema name', async () => {
    await expect(run(['trajectories'])).rejects.toThrow(/unknown schema "trajectories"; use one of/);
  });
});
