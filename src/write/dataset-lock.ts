/**
 * One run at a time writes a dataset. Two runs into one `--out` would each take the other's
 * staging directory for a killed run's leftover and remove it, or put a set-aside dataset
 * back in the middle of the other's switch. So a run holds `.<name>.lock` beside `--out`,
 * its process id inside, from before it looks at leftovers until its switch is done or
 * abandoned. A lock whose process is gone (a killed run's) is taken over.
 */
import { link, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { OutputPathError } from './output-dir.js';

/** Takes the lock of the dataset at `parent`/`name`; returns its release (which only the first call does). `shownOut` names `--out` in messages. */
export async function lockDataset(parent: string, name: string, shownOut: string): Promise<() => Promise<void>> {
  const lockPath = path.join(parent, `.${name}.lock`);
  // Written whole under a name of its own, then linked into place: a lock is never seen
  // empty, and link() fails when one is there already.
  const tempPath = path.join(parent, `.${name}.lock.${process.pid}.${randomBytes(4).toString('hex')}`);
  await writeFile(tempPath, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await linkOrTaken(tempPath, lockPath)) {
        await removeEndedTempFiles(parent, `.${name}.lock.`, tempPath);
        let held = true;
        return async () => {
          if (!held) return;
          held = false;
          await rm(lockPath, { force: true });
        };
      }
      const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new OutputPathError(`another run (process ${holder}) is writing --out ${shownOut}; wait for it to end or choose another directory`, 'EBUSY');
      }
      await rm(lockPath, { force: true });
    }
    throw new OutputPathError(`--out ${shownOut} was locked again by another run while this one took over a stale lock; run again`, 'EBUSY');
  } finally {
    await rm(tempPath, { force: true });
  }
}

/** Lock files half made by runs killed while taking the lock (`<stem><pid>.<random>`), whose process has ended. */
async function removeEndedTempFiles(parent: string, stem: string, ours: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  const ended = names.filter((name) => name.startsWith(stem) && path.join(parent, name) !== ours && !isRunning(Number.parseInt(name.slice(stem.length), 10)));
  await Promise.all(ended.map((name) => rm(path.join(parent, name), { force: true }).catch(() => undefined)));
}

/** Puts the lock in place; false when one is there. A file system without hard links gets it created exclusively. */
async function linkOrTaken(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
  }
  try {
    await writeFile(to, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Whether a process with this id runs (one of another user answers EPERM). */
function isRunning(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
