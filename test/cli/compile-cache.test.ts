/**
 * The CLI and each conversion worker turn on Node's compile cache (Node >= 22.1) before
 * loading their modules; Node 20 has none. Either way the built binary converts, and a
 * run that reads its code back from the cache writes the same bytes as the run that
 * filled it. The cache goes to the OS temp directory (or NODE_COMPILE_CACHE), never
 * beside the inputs or outputs. The runs here set TMPDIR, not NODE_COMPILE_CACHE: a worker
 * inherits that variable and would turn the cache on by itself.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir } from '../read/temp-dir.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';
import { CLI, ensureBuiltCli } from './built-cli.js';

const run = promisify(execFile);
const runtimeHasCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

let temp: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  await ensureBuiltCli();
  temp = await createTempDir('compile-cache');
}, 180_000);

afterAll(async () => {
  await temp.remove();
});

/** Converts fixtures/samples with `tmpName` as temp directory; the names of the compile cache's entries. */
async function convert(tmpName: string, outName: string, jobs: number): Promise<Set<string>> {
  const tmp = path.join(temp.path, tmpName);
  mkdirSync(tmp, { recursive: true });
  const cache = path.join(tmp, 'node-compile-cache');
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  delete env.NODE_COMPILE_CACHE;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  const out = path.join(temp.path, outName);
  const { stdout, stderr } = await run(process.execPath, [CLI, 'convert', 'fixtures/samples', '--out', out, '--format', 'jsonl', '--jobs', String(jobs)], { cwd: REPO_ROOT, env });
  expect(stderr).toBe('');
  expect(stdout).toMatch(/^converted 5 sessions from 5 files /);
  if (!existsSync(cache)) return new Set();
  return new Set(readdirSync(cache, { recursive: true, encoding: 'utf8' }).map((name) => path.basename(name)));
}

function datasetFiles(outName: string): Record<string, string> {
  const out = path.join(temp.path, outName);
  return Object.fromEntries(readdirSync(out).map((name) => [name, readFileSync(path.join(out, name), 'utf8')]));
}

describe('the compile cache', () => {
  it('is filled where the runtime has one, by the main thread and by each worker', async () => {
    const mainOnly = await convert('tmp-j1', 'out-j1', 1);
    const withWorkers = await convert('tmp-j2', 'out-j2', 2);
    expect(mainOnly.size > 0).toBe(runtimeHasCache);
    // The worker's own modules (its entry and the worker code) are compiled by the worker only.
    expect([...withWorkers].some((name) => !mainOnly.has(name))).toBe(runtimeHasCache);
    expect(readdirSync(path.join(temp.path, 'out-j2')).some((name) => name.includes('cache'))).toBe(false);
  });

  it('changes nothing in the output when the code comes back from it', async () => {
    await convert('tmp-warm', 'out-cold', 2);
    await convert('tmp-warm', 'out-warm', 2);
    expect(datasetFiles('out-warm')).toEqual(datasetFiles('out-cold'));
  });
});
