/** The lines of a file as raw bytes (each with its `\n`), for copying records and issues as they are. */
import { createReadStream } from 'node:fs';

/** Records are often megabytes long: big reads, and a line's pieces joined once, not at every read. */
const READ_BYTES = 1 << 20;

export async function* readRawLines(file: string): AsyncGenerator<Buffer> {
  let pieces: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: READ_BYTES }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      const tail = chunk.subarray(start, end + 1);
      yield pieces.length === 0 ? tail : Buffer.concat([...pieces, tail]);
      pieces = [];
      start = end + 1;
    }
    // Each read fills a new buffer, so the rest can wait for its line's end without a copy.
    if (start < chunk.length) pieces.push(chunk.subarray(start));
  }
  // A last line without its newline (the file was cut): yielded as it is.
  if (pieces.length > 0) yield Buffer.concat(pieces);
}
