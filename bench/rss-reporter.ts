/**
 * Preloaded into a measured child (`node --import .../rss-reporter.js ...`) when GNU time is not
 * available: at exit, writes the process's peak resident set size in KiB and its CPU time
 * (user + system) in microseconds, as the OS reports them (getrusage: worker threads included,
 * they share the process), to $BENCH_RSS_FILE as `<KiB> <microseconds>`.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.BENCH_RSS_FILE;
if (isMainThread && target !== undefined && target !== '') {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
