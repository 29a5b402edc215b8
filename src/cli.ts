#!/usr/bin/env node
import { enableCompileCache } from './convert/compile-cache.js';

// Before any of the CLI's modules is compiled: they are loaded below, not imported statically.
enableCompileCache();
try {
  await import('./cli/cli-process.js');
} catch (error) {
  // A failure while the CLI's modules load (an installation missing a file: package.json,
  // a chunk), before cli-process can report anything: one line too, never a stack trace.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const detail = process.env.ROLLOUT_KIT_DEBUG && error instanceof Error ? (error.stack ?? message) : message.split('\n')[0];
  process.stderr.write(`error: rollout-kit could not start (${detail}); reinstall it\n`);
  process.exitCode = 1;
}
