/**
 * An --incremental rebuild starts worker threads for its changed inputs only when there is
 * enough to convert to pay for starting them (what is written never depends on the threads:
 * jobs-determinism.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { threadsForBytes } from '../../src/convert/incremental-run.js';

const MiB = 1024 * 1024;

describe('threadsForBytes', () => {
  it('keeps a few changed sessions on the main thread and spreads a big rebuild over every job', () => {
    expect(threadsForBytes(0, 4)).toBe(1);
    // The newest 1% of the 2 GB bench corpus.
    expect(threadsForBytes(21 * MiB, 2)).toBe(1);
    expect(threadsForBytes(40 * MiB, 2)).toBe(2);
    expect(threadsForBytes(100 * MiB, 8)).toBe(4);
    expect(threadsForBytes(2048 * MiB, 8)).toBe(8);
    expect(threadsForBytes(2048 * MiB, 1)).toBe(1);
  });
});
