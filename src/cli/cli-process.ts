/**
 * The CLI as a process, loaded by the entry (cli.ts) once the compile cache is on: runs
 * the command, ends with its exit code, and turns failures of stdout and stderr or any
 * uncaught error into one line.
 */
// First, before the modules below load: conversion workers start loading theirs meanwhile.
import './prestart-workers.js';
import { processIo } from './io.js';
import { describeInternalError, runCli } from './main.js';
import { describeSystemError } from '../write/output-dir.js';

const io = processIo();

/**
 * Errors of stdout and stderr themselves: a reader that quit (EPIPE, as with `| head`)
 * ends the run quietly with what it already had; anything else (a full disk behind
 * `> file`) is one line and exit code 1, unless the command already reported it.
 */
let stdoutFailure: (Error & { code?: unknown }) | undefined;
// Every worker thread pipes its stdout and stderr into the process's, an 'error' listener
// apiece: with 11 workers or more, Node's listener-leak warning would land on stderr.
process.stdout.setMaxListeners(0);
process.stderr.setMaxListeners(0);
process.stdout.on('error', (error: Error) => {
  stdoutFailure ??= error;
});
// Nowhere is left to report a failing stderr.
process.stderr.on('error', () => undefined);

/** Nothing may end the process with a stack trace or an exit code other than 0, 1 or 2. */
const onFatal = (error: unknown): void => {
  if ((error as { code?: unknown } | null)?.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  try {
    process.stderr.write(`${describeInternalError(error, io.env)}\n`);
  } finally {
    process.exit(1);
  }
};
process.on('uncaughtException', onFatal);
process.on('unhandledRejection', onFatal);

const code = await runCli(process.argv.slice(2), io);
// A failed write to stdout is reported asynchronously: let it arrive.
await new Promise((resolve) => setImmediate(resolve));
if (stdoutFailure && stdoutFailure.code !== 'EPIPE' && code === 0) {
  process.stderr.write(`error: could not write to stdout (${describeSystemError(stdoutFailure)}); check where the output goes\n`);
  process.exitCode = 1;
} else {
  process.exitCode = code;
}
