/** The lines of a file as raw bytes (each with its `\n`), for copying records and issues as they are. */
import { createReadStream } from 'node:fs';

export async function* readRawLines(file: string): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    const data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(0x0a, start); end !== -1; end = data.indexOf(0x0a, start)) {
      yield data.subarray(start, end + 1);
      start = end + 1;
    }
    rest = Buffer.from(data.subarray(start));
  }
  // A last line without its newline (the file was cut): yielded as it is.
  if (rest.length > 0) yield rest;
}
