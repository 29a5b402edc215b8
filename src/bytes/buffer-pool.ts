/**
 * Buffers reused instead of allocated afresh. Conversion moves every input byte through
 * a few buffers (read chunks, serialized steps, file writes); allocating them for each
 * file or block was hundreds of MB of short-lived memory outside the JS heap per 200 MB
 * of input, and V8 answers such memory with full garbage collections. Each thread has
 * its own pool (module state is per thread). A buffer goes back only once nothing
 * refers to its bytes any more.
 */
const kept = new Map<number, Buffer[]>();

/** A buffer of exactly `size` bytes (contents undefined), memory of its own. */
export function takeBuffer(size: number): Buffer {
  return kept.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
}

/** Hands a buffer from takeBuffer back; at most `maxKept` of each size are kept. */
export function returnBuffer(buffer: Buffer, maxKept: number): void {
  let list = kept.get(buffer.length);
  if (!list) kept.set(buffer.length, (list = []));
  if (list.length < maxKept) list.push(buffer);
}
