/**
 * Damage done to an `--incremental` cache by the tests that check a rebuild takes records
 * from the last dataset instead of replaying their cache entries: a replay of a damaged
 * entry fails, so an output equal to a clean build shows nothing was replayed from it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDirFor } from '../../src/convert/conversion-cache.js';

/** Flips bytes in the first steps frame of every cache entry `which` names that has one. */
export function damageStepsFrames(outDir: string, which: (entry: string) => boolean): void {
  const entries = path.join(cacheDirFor(outDir), 'entries');
  for (const name of readdirSync(entries).filter(which)) {
    const bytes = readFileSync(path.join(entries, name));
    const firstLength = bytes.readUInt32LE(0);
    if (4 + firstLength + 4 >= bytes.length) continue;
    bytes.fill(0xff, 4, 4 + Math.min(16, firstLength));
    writeFileSync(path.join(entries, name), bytes);
  }
}
