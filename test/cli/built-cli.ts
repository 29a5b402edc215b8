/**
 * The built binary, for the tests that run it as a user does. dist/ is not part of the
 * repository: it is built here when missing, by one test file at a time (a lock
 * directory keeps test files running in parallel from building it together).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundleCli } from '../../scripts/bundle-cli.mjs';
import { REPO_ROOT } from '../trajectory/convert-records.js';

const DIST = path.join(REPO_ROOT, 'dist');
export const CLI = path.join(DIST, 'bundle/cli.js');
const LOCK = path.join(REPO_ROOT, 'node_modules/.cache/rollout-kit-build-lock');

export async function ensureBuiltCli(): Promise<string> {
  for (const started = Date.now(); Date.now() - started < 170_000; await sleep(200)) {
    if (existsSync(LOCK)) continue;
    if (existsSync(CLI)) return CLI;
    try {
      mkdirSync(path.dirname(LOCK), { recursive: true });
      mkdirSync(LOCK);
    } catch {
      continue;
    }
    try {
      const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'pipe' });
      await bundleCli(DIST);
      return CLI;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  throw new Error('timed out waiting for another test file to build dist/');
}
