/**
 * A baseline worker: asks the main thread for a file, parses every line of it, reports, and
 * asks again until told to stop.
 */
import { parentPort } from 'node:worker_threads';
import { parseEveryLine, READ_BUFFER_BYTES } from './parse-lines.js';

export type BaselineRequest = { type: 'file'; path: string } | { type: 'stop' };
export type BaselineReply = { type: 'ready' } | { type: 'done'; bytes: number; lines: number };

const port = parentPort;
if (port === null) throw new Error('baseline-worker must run as a worker thread');
const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

port.on('message', (message: BaselineRequest) => {
  if (message.type === 'stop') {
    port.close();
    return;
  }
  parseEveryLine(message.path, buffer).then(
    (stats) => port.postMessage({ type: 'done', ...stats } satisfies BaselineReply),
    (error: unknown) => {
      throw error;
    },
  );
});
port.postMessage({ type: 'ready' } satisfies BaselineReply);
