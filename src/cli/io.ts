import type { Writable } from 'node:stream';

/** Where a command writes; injected so tests run the CLI in-process. */
export type CliIo = {
  stdout: Writable;
  stderr: Writable;
  /** Whether stderr is an interactive terminal (live progress is shown only then). */
  isTTY: boolean;
  /** Whether stdout is an interactive terminal (help is coloured only then); absent: no. */
  stdoutIsTTY?: boolean;
  /** stdout's width in columns when it is a terminal (help wraps to it; default 80). */
  columns?: number | undefined;
  env: Record<string, string | undefined>;
  cwd: string;
};

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    env: process.env,
    cwd: process.cwd(),
  };
}

export function writeLine(stream: Writable, text: string): void {
  stream.write(`${text}\n`);
}
