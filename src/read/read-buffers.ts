/**
 * Read buffers reused from one file to the next. A thread reads one plain file at a time,
 * into two buffers of the read size (1 MiB): allocating them afresh for every file made
 * 2 MiB of short-lived memory per file outside the JS heap, which the garbage collector
 * pays for. A buffer is handed back once the file's last chunk has been consumed.
 */
const MAX_KEPT_PER_SIZE = 4;
const kept = new Map<number, Buffer[]>();

export function takeReadBuffer(size: number): Buffer {
  return kept.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
}

export function returnReadBuffer(buffer: Buffer): void {
  let list = kept.get(buffer.length);
  if (!list) kept.set(buffer.length, (list = []));
  if (list.length < MAX_KEPT_PER_SIZE) list.push(buffer);
}
