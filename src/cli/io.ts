import type { Writable } from 'node:stream';

/** Where a command writes; injected so tests run the CLI in-process. */
export type CliIo = {
  stdout: Writable;
  stderr: Writable;
  /** Whether stderr is an interactive terminal (live progress is shown only then). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
};

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY), env: process.env, cwd: process.cwd() };
}

export function writeLine(stream: Writable, text: string): void {
  stream.write(`${text}\n`);
}
