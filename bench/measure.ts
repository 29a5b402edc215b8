import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How peak RSS is measured: GNU time's `-v` report (`Maximum resident set size`), or, where
 * /usr/bin/time is missing or not GNU, a preloaded reporter reading `process.resourceUsage()`.
 * Both are the kernel's ru_maxrss of the child process.
 */
export type RssMethod = 'gnu-time' | 'resource-usage';

export type Measurement = {
  seconds: number;
  /**
   * CPU time of the child process, user + system, all its threads, seconds; null when it could
   * not be read. On a shared machine this moves far less than wall time with other load.
   */
  cpuSeconds: number | null;
  /** Peak resident set size of the child process, bytes; null when it could not be read. */
  peakRssBytes: number | null;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
};

const GNU_TIME = '/usr/bin/time';
const KEEP_OUTPUT_CHARS = 64 * 1024;

/** Picks GNU time when `/usr/bin/time -v -o FILE` works here, else the preloaded reporter. */
export function detectRssMethod(): RssMethod {
  if (!existsSync(GNU_TIME)) return 'resource-usage';
  const dir = mkdtempSync(join(tmpdir(), 'rk-bench-'));
  try {
    const probe = spawnSync(GNU_TIME, ['-v', '-o', join(dir, 'time.txt'), process.execPath, '-e', ''], { stdio: 'ignore' });
    if (probe.status !== 0) return 'resource-usage';
    return parseGnuTimeRss(readFileSync(join(dir, 'time.txt'), 'utf8')) === null ? 'resource-usage' : 'gnu-time';
  } catch {
    return 'resource-usage';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads `Maximum resident set size (kbytes): N` from a GNU time -v report, in bytes. */
export function parseGnuTimeRss(report: string): number | null {
  const match = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(report);
  return match === null ? null : Number(match[1]) * 1024;
}

/** Reads `User time (seconds): U` and `System time (seconds): S` from a GNU time -v report: U + S. */
export function parseGnuTimeCpu(report: string): number | null {
  const user = /User time \(seconds\):\s*([\d.]+)/.exec(report);
  const system = /System time \(seconds\):\s*([\d.]+)/.exec(report);
  return user === null || system === null ? null : Number(user[1]) + Number(system[1]);
}

/** Reads the preloaded reporter's `<maxRSS KiB> <CPU microseconds>` line: peak RSS in bytes, CPU in seconds. */
export function parseReporterLine(report: string): { peakRssBytes: number | null; cpuSeconds: number | null } {
  const [rss, cpu] = report.trim().split(/\s+/).map(Number);
  return {
    peakRssBytes: rss !== undefined && Number.isFinite(rss) ? rss * 1024 : null,
    cpuSeconds: cpu !== undefined && Number.isFinite(cpu) ? cpu / 1e6 : null,
  };
}

function keepTail(text: string): string {
  return text.length <= KEEP_OUTPUT_CHARS ? text : text.slice(text.length - KEEP_OUTPUT_CHARS);
}

/**
 * Runs `node <nodeArgs...>` as a child process and measures its wall time (spawn to exit,
 * Node startup included, as a user would see it), its CPU time and its peak RSS.
 */
export function measureNode(nodeArgs: readonly string[], method: RssMethod, reporterPath: string, cwd?: string): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-bench-'));
  const rssFile = join(dir, method === 'gnu-time' ? 'time.txt' : 'rss.txt');
  const [command, args] = method === 'gnu-time'
    ? [GNU_TIME, ['-v', '-o', rssFile, process.execPath, ...nodeArgs]]
    : [process.execPath, ['--import', reporterPath, ...nodeArgs]];
  const env = method === 'gnu-time' ? process.env : { ...process.env, BENCH_RSS_FILE: rssFile };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = keepTail(stdout + chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = keepTail(stderr + chunk);
    });
    child.on('error', (error) => {
      rmSync(dir, { recursive: true, force: true });
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      const seconds = (performance.now() - started) / 1000;
      let peakRssBytes: number | null = null;
      let cpuSeconds: number | null = null;
      if (existsSync(rssFile)) {
        const report = readFileSync(rssFile, 'utf8');
        if (method === 'gnu-time') {
          peakRssBytes = parseGnuTimeRss(report);
          cpuSeconds = parseGnuTimeCpu(report);
        } else {
          ({ peakRssBytes, cpuSeconds } = parseReporterLine(report));
        }
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ seconds, cpuSeconds, peakRssBytes, exitCode, signal, stdout, stderr });
    });
  });
}
