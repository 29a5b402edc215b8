import type { CliIo } from './io.js';

/** Output to a pipe or a file, or with NO_COLOR set (any value but empty) or TERM=dumb, is plain text. */
export function terminalStyle(io: CliIo): { color: boolean; width: number } {
  const tty = io.stdoutIsTTY === true;
  const color = tty && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  return { color, width: tty && io.columns !== undefined && io.columns > 0 ? io.columns : 80 };
}
