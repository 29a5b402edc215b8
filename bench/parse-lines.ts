import { open } from 'node:fs/promises';

export type ParseStats = { bytes: number; lines: number };

const NEWLINE = 0x0a;
export const READ_BUFFER_BYTES = 1 << 20;

/**
 * The baseline's whole job for one file: read it into a reused buffer, split lines on `\n`,
 * decode each line from UTF-8 once and `JSON.parse` it. Nothing is kept. A line longer than
 * the buffer is gathered from copies of its pieces.
 */
export async function parseEveryLine(path: string, buffer: Buffer): Promise<ParseStats> {
  const handle = await open(path, 'r');
  let bytes = 0;
  let lines = 0;
  let carry: Buffer[] = [];
  const parseLine = (text: string): void => {
    if (text.length === 0) return;
    JSON.parse(text);
    lines++;
  };
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      bytes += bytesRead;
      const chunk = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        if (carry.length > 0) {
          carry.push(chunk.subarray(start, nl));
          parseLine(Buffer.concat(carry).toString('utf8'));
          carry = [];
        } else {
          parseLine(chunk.toString('utf8', start, nl));
        }
        start = nl + 1;
      }
      if (start < bytesRead) carry.push(Buffer.from(chunk.subarray(start, bytesRead)));
    }
    if (carry.length > 0) parseLine(Buffer.concat(carry).toString('utf8'));
  } finally {
    await handle.close();
  }
  return { bytes, lines };
}
