/**
 * Preloaded into a measured child (`node --import .../rss-reporter.js ...`) when GNU time is not
 * available: at exit, writes the process's peak resident set size in KiB, as the OS reports it
 * (getrusage ru_maxrss: worker threads included, they share the process), to $BENCH_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.BENCH_RSS_FILE;
if (isMainThread && target !== undefined && target !== '') {
  process.on('exit', () => {
    writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
