import { afterEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir; `remove` deletes it and everything in it. */
export async function createTempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `rollout-kit-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * A maker of fresh temp directories for the tests of one file: each test's directories are
 * removed after it (vitest's afterEach, registered here, once per calling file).
 */
export function tempDirsRemovedAfterEach(prefix: string): () => Promise<string> {
  const made: { remove: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => dir.remove()));
  });
  return async () => {
    const dir = await createTempDir(prefix);
    made.push(dir);
    return dir.path;
  };
}
