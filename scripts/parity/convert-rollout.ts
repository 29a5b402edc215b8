/**
 * Our side of the parity check: a rollout file through the library's own `convert()` with
 * `format: 'thread-events'`, in process, collecting what `--stdout` would print.
 */
import { Writable } from 'node:stream';
import { convert } from '../../src/convert/convert.js';

export async function convertRolloutToThreadEvents(rolloutPath: string): Promise<string> {
  const chunks: string[] = [];
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      callback();
    },
  });
  await convert({ inputs: [rolloutPath], format: 'thread-events', outDir: '', stdout });
  return chunks.join('');
}
