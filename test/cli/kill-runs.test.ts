/**
 * Real runs of the built binary killed at random moments (SIGKILL, SIGTERM, SIGINT),
 * the final switch of the dataset included: the output directory holds the previous
 * complete dataset or the new complete one (or, killed between the switch's two renames,
 * none, with the previous one set aside), and the next run puts everything right and
 * leaves no staging or temp file behind. Seeded: `FUZZ_SEED` changes the moments,
 * `FUZZ_RUNS` multiplies how many.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';
import { ensureBuiltCli } from './built-cli.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const KILLS = 9 * Number(process.env.FUZZ_RUNS ?? 1);
const SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGINT'] as const;
const OLD_INPUT = path.join(REPO_ROOT, 'fixtures/samples');
const NEW_INPUT = path.join(REPO_ROOT, 'fixtures/oracle');

let cli: string;
let parent: string;
beforeAll(async () => {
  cli = await ensureBuiltCli();
  parent = await mkdtemp(path.join(tmpdir(), 'rk-kill-'));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** A small seeded generator (mulberry32): the same moments on every run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * When to kill: after `afterMs`, or as soon as the staging directory holds its manifest
 * (written last, just before the switch), so the kill lands in the switch itself.
 */
type KillMoment = { signal: NodeJS.Signals } & ({ afterMs: number } | { atSwitchOf: string });

/** Runs the CLI, killing it at `kill` if given. Resolves with the wall time. */
function runCli(args: string[], kill?: KillMoment): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: REPO_ROOT, stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    if (kill && 'afterMs' in kill) timer = setTimeout(() => child.kill(kill.signal), kill.afterMs);
    if (kill && 'atSwitchOf' in kill) {
      const stagingPrefix = `.${path.basename(kill.atSwitchOf)}.staging-`;
      const parentDir = path.dirname(kill.atSwitchOf);
      timer = setInterval(() => {
        const staging = readdirSync(parentDir).filter((name) => name.startsWith(stagingPrefix));
        if (staging.some((name) => existsSync(path.join(parentDir, name, 'manifest.json')))) child.kill(kill.signal);
      }, 1);
    }
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(timer);
      resolve({ code, ms: Date.now() - started });
    });
  });
}

function manifestOf(dir: string): string {
  return readFileSync(path.join(dir, 'manifest.json'), 'utf8');
}

describe('a run killed at any moment', () => {
  it(`leaves the previous dataset or the new one, never a mix, and the next run cleans up (${KILLS} kills)`, async () => {
    const out = path.join(parent, 'out');
    const convertNew = ['convert', NEW_INPUT, '--out', out, '--format', 'jsonl', '--quiet'];
    // The two complete datasets the directory may hold, and how long a whole run takes.
    const fresh = path.join(parent, 'fresh');
    const { ms: fullRunMs } = await runCli(['convert', NEW_INPUT, '--out', fresh, '--format', 'jsonl', '--quiet']);
    const newManifest = manifestOf(fresh);
    const random = createRandom(SEED);
    const outcomes = { old: 0, new: 0, setAside: 0 };
    for (let i = 0; i < KILLS; i++) {
      expect((await runCli(['convert', OLD_INPUT, '--out', out, '--format', 'jsonl', '--quiet'])).code).toBe(0);
      const oldManifest = manifestOf(out);
      const signal = SIGNALS[i % SIGNALS.length]!;
      // Moments spread over the whole run, the last tenth weighted up; every third kill
      // waits for the switch itself (timed kills rarely land there on a loaded machine).
      const atSwitch = i % 3 === 2;
      const afterMs = Math.round(fullRunMs * (random() < 0.4 ? 0.9 + random() * 0.25 : random()));
      await runCli(convertNew, atSwitch ? { signal, atSwitchOf: out } : { signal, afterMs });
      const moment = atSwitch ? 'at the switch' : `after ${afterMs} ms`;

      const siblings = readdirSync(parent).filter((name) => name.startsWith('.out.'));
      if (readdirSync(parent).includes('out')) {
        const manifest = manifestOf(out);
        expect([oldManifest, newManifest], `${signal} ${moment}`).toContain(manifest);
        expect((await validatePaths([out])).valid, `${signal} ${moment}`).toBe(true);
        outcomes[manifest === newManifest ? 'new' : 'old']++;
      } else {
        // Killed between the two renames: the previous dataset is set aside, whole.
        const aside = siblings.find((name) => name.startsWith('.out.replaced-'));
        expect(aside, `${signal} ${moment}`).toBeDefined();
        expect(manifestOf(path.join(parent, aside!))).toBe(oldManifest);
        outcomes.setAside++;
      }
    }
    // The next run into the same directory leaves only the dataset.
    expect((await runCli(convertNew)).code).toBe(0);
    expect(readdirSync(parent).sort()).toEqual(['fresh', 'out']);
    expect(readdirSync(out).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(manifestOf(out)).toBe(newManifest);
    console.log(`kill outcomes (seed ${SEED}): ${JSON.stringify(outcomes)}`);
  });
});
