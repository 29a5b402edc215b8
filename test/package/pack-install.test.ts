/**
 * The package as a user gets it: `npm pack` on a clean copy of the project (no dist/,
 * so `prepack` must build it), the tarball installed into an empty directory, then the
 * bin run through `npx`, one conversion, and the library and a schema imported through
 * the exports map.
 *
 * The install is done without the network, the way npm lays a package out: the tarball
 * is unpacked into node_modules/rollout-kit, its bin linked into node_modules/.bin, and
 * its runtime dependencies linked to the project's own node_modules (which `npm ci`
 * installed; Node follows the links and resolves their dependencies there). `npm install
 * --offline <tarball>` would instead need every dependency in npm's cache, which a CI
 * machine may not keep; this works wherever the tests run.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir } from '../read/temp-dir.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';

const run = promisify(execFile);

/** What a clean clone holds that the build and the package need (tests, fixtures and docs are not packed). */
const PROJECT_ENTRIES = ['package.json', 'package-lock.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json', 'src', 'scripts', 'schemas'];

type PackResult = { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] };
type PackageJson = { name: string; bin: Record<string, string>; dependencies: Record<string, string> };

/** npm without the network, its update check or audit. */
const NPM_ENV = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

let temp: { path: string; remove: () => Promise<void> };
let packed: PackResult;
let app: string;

beforeAll(async () => {
  temp = await createTempDir('package');
  const clone = path.join(temp.path, 'clone');
  mkdirSync(clone);
  for (const entry of PROJECT_ENTRIES) {
    if (existsSync(path.join(REPO_ROOT, entry))) cpSync(path.join(REPO_ROOT, entry), path.join(clone, entry), { recursive: true });
  }
  symlinkSync(realpathSync(path.join(REPO_ROOT, 'node_modules')), path.join(clone, 'node_modules'), 'dir');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', temp.path], { cwd: clone, env: NPM_ENV, maxBuffer: 64 * 1024 * 1024 });
  packed = (JSON.parse(stdout.slice(stdout.indexOf('['))) as PackResult[])[0]!;

  app = path.join(temp.path, 'app');
  const installed = path.join(app, 'node_modules', 'rollout-kit');
  mkdirSync(installed, { recursive: true });
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await run('tar', ['-xzf', path.join(temp.path, packed.filename), '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as PackageJson;
  for (const dependency of Object.keys(manifest.dependencies)) {
    const link = path.join(app, 'node_modules', dependency);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(realpathSync(path.join(REPO_ROOT, 'node_modules', dependency)), link, 'dir');
  }
  mkdirSync(path.join(app, 'node_modules', '.bin'));
  for (const [name, target] of Object.entries(manifest.bin)) {
    chmodSync(path.join(installed, target), 0o755);
    symlinkSync(path.join('..', 'rollout-kit', target), path.join(app, 'node_modules', '.bin', name));
  }
}, 240_000);

afterAll(async () => {
  await temp?.remove();
});

describe('npm pack', () => {
  it('builds dist/ first (prepack) and packs the bundle, the library, its types and the schemas, nothing else', () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/bundle/cli.js', 'dist/bundle/convert-worker.js', 'dist/index.js', 'dist/index.d.ts']));
    const schemas = readdirSync(path.join(REPO_ROOT, 'schemas')).map((name) => `schemas/${name}`);
    expect(files).toEqual(expect.arrayContaining(schemas));
    expect(files.filter((file) => !/^(dist\/|schemas\/|package\.json$|README\.md$|LICENSE$)/.test(file))).toEqual([]);
    expect(files.filter((file) => file.endsWith('.map') || file.startsWith('dist/bench/'))).toEqual([]);
    // Before prepack: 6 files, 9.8 kB (no dist/).
    expect(packed.entryCount).toBeGreaterThan(100);
    expect(packed.size).toBeLessThan(2_000_000);
  });
});

describe('the installed package', () => {
  it('npx rollout-kit --help prints the usage', async () => {
    const { stdout } = await run('npx', ['--offline', 'rollout-kit', '--help'], { cwd: app, env: NPM_ENV });
    expect(stdout).toMatch(/^USAGE rollout-kit <command>$/m);
    expect(stdout).toContain('convert');
  });

  it('npx rollout-kit convert converts a rollout, and validate accepts the output', async () => {
    const sample = readdirSync(path.join(REPO_ROOT, 'fixtures/samples')).find((name) => name.startsWith('rollout-') && name.endsWith('.jsonl'))!;
    const input = path.join(REPO_ROOT, 'fixtures/samples', sample);
    const out = path.join(app, 'out');
    const converted = await run('npx', ['--offline', 'rollout-kit', 'convert', input, '--out', out, '--jobs', '2'], { cwd: app, env: NPM_ENV });
    expect(converted.stdout).toMatch(/^converted 1 session from 1 file \(.+ kB\) to jsonl in /);
    const records = readFileSync(path.join(out, 'trajectories.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(records).toHaveLength(1);
    expect((JSON.parse(records[0]!) as { source_path: string }).source_path).toBe(input);
    const validated = await run('npx', ['--offline', 'rollout-kit', 'validate', out], { cwd: app, env: NPM_ENV });
    // trajectories.jsonl, issues.jsonl, the dataset card and the manifest.
    expect(validated.stdout).toMatch(/^valid: 4 files, 1 record$/m);
  });

  it('writes Parquet: parquet-wasm, left out of the bundle, loads from the installed dependencies', async () => {
    const out = path.join(app, 'out-parquet');
    const converted = await run('npx', ['--offline', 'rollout-kit', 'convert', path.join(REPO_ROOT, 'fixtures/samples'), '--out', out, '-f', 'parquet'], { cwd: app, env: NPM_ENV });
    expect(converted.stdout).toMatch(/^converted 5 sessions from 5 files \(.+ kB\) to parquet in /);
    expect(readFileSync(path.join(out, 'data-00000-of-00001.parquet')).subarray(0, 4).toString('latin1')).toBe('PAR1');
    const validated = await run('npx', ['--offline', 'rollout-kit', 'validate', out], { cwd: app, env: NPM_ENV });
    expect(validated.stdout).toMatch(/^valid: 4 files, 5 records$/m);
  });

  it('exports the library and the schemas (ESM JSON import), which compile in strict Ajv', async () => {
    const script = [
      "import schema from 'rollout-kit/schemas/trajectory.schema.json' with { type: 'json' };",
      "import manifest from 'rollout-kit/schemas/manifest.schema.json' with { type: 'json' };",
      "import { convert, OUTPUT_FORMATS } from 'rollout-kit';",
      "import { Ajv2020 } from 'ajv/dist/2020.js';",
      'const ajv = new Ajv2020();',
      'ajv.compile(schema); ajv.compile(manifest);',
      'console.log(JSON.stringify({ id: schema.$id, convert: typeof convert, formats: Object.keys(OUTPUT_FORMATS) }));',
    ].join('\n');
    writeFileSync(path.join(app, 'check.mjs'), script);
    const { stdout } = await run(process.execPath, ['--no-warnings', 'check.mjs'], { cwd: app });
    const result = JSON.parse(stdout) as { id: string; convert: string; formats: string[] };
    expect(result.id).toMatch(/^https:\/\/rollout-kit\.dev\/schemas\/.+\/trajectory\.schema\.json$/);
    expect(result.convert).toBe('function');
    expect(result.formats).toContain('jsonl');
  });
});
