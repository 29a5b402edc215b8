/**
 * The throughput ceiling a converter is measured against: read every rollout file, split it
 * into lines, `JSON.parse` every line, and nothing else.
 *
 *   node dist/bench/baseline.js <dir> [--jobs N]     -> {"bytes":..,"seconds":..,"mbPerSec":..}
 *
 * With `--jobs 1` the files are parsed on the main thread; with N > 1, N worker threads pull
 * files from a queue ordered biggest first (as the converter's pool is expected to).
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { BaselineReply, BaselineRequest } from './baseline-worker.js';
import { MB } from './corpus-spec.js';
import { listRolloutsBiggestFirst, type RolloutFile } from './list-rollouts.js';
import { parseEveryLine, READ_BUFFER_BYTES } from './parse-lines.js';

export type BaselineResult = {
  bytes: number;
  lines: number;
  files: number;
  jobs: number;
  seconds: number;
  /** MB = 2^20 bytes. */
  mbPerSec: number;
};

async function parseOnMainThread(files: readonly RolloutFile[]): Promise<{ bytes: number; lines: number }> {
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  let bytes = 0;
  let lines = 0;
  for (const file of files) {
    const stats = await parseEveryLine(file.path, buffer);
    bytes += stats.bytes;
    lines += stats.lines;
  }
  return { bytes, lines };
}

function parseInWorkers(files: readonly RolloutFile[], jobs: number): Promise<{ bytes: number; lines: number }> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let bytes = 0;
    let lines = 0;
    let running = Math.min(jobs, Math.max(files.length, 1));
    const workerUrl = new URL('./baseline-worker.js', import.meta.url);
    for (let i = 0, n = running; i < n; i++) {
      const worker = new Worker(workerUrl);
      const feed = (): void => {
        const file = files[next++];
        worker.postMessage((file === undefined ? { type: 'stop' } : { type: 'file', path: file.path }) satisfies BaselineRequest);
      };
      worker.on('message', (reply: BaselineReply) => {
        if (reply.type === 'done') {
          bytes += reply.bytes;
          lines += reply.lines;
        }
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', () => {
        running--;
        if (running === 0) resolve({ bytes, lines });
      });
    }
  });
}

/** Runs the baseline over every rollout under `root` and times it (file listing included). */
export async function runBaseline(root: string, jobs: number): Promise<BaselineResult> {
  const started = performance.now();
  const files = listRolloutsBiggestFirst(root);
  const totals = jobs <= 1 ? await parseOnMainThread(files) : await parseInWorkers(files, jobs);
  const seconds = (performance.now() - started) / 1000;
  return { ...totals, files: files.length, jobs, seconds, mbPerSec: totals.bytes / MB / seconds };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { jobs: { type: 'string' } }, allowPositionals: true });
  const root = positionals[0];
  if (root === undefined || positionals.length > 1) throw new Error('usage: baseline.js <dir> [--jobs N]');
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a positive integer, got "${values.jobs}"`);
  const result = await runBaseline(root, jobs);
  console.log(JSON.stringify({
    bytes: result.bytes,
    seconds: Number(result.seconds.toFixed(3)),
    mbPerSec: Number(result.mbPerSec.toFixed(1)),
    lines: result.lines,
    files: result.files,
    jobs: result.jobs,
  }));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
