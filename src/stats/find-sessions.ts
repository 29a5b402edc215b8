/**
 * Finding sessions for `inspect`: a session by its id among the rollouts of some inputs, and
 * the sessions around one (forks made from it, sub-agents it spawned) in a directory tree.
 * A rollout's name ends with its session id, so a lookup by id reads no file whose name
 * does not hold it; only relatives need every header read.
 */
import { discoverInputs, type DiscoverOptions } from '../read/discover.js';
import type { InputFile } from '../read/input-file.js';
import { readSessionLinks } from '../convert/session-groups.js';
import { mapFewAtATime } from '../read/few-at-a-time.js';

export type SessionRelative = { id: string; path: string; relation: 'fork' | 'child' };

/** The rollouts among `inputs` (none: Codex's session stores) whose session id starts with `id`. */
export async function findSessionFiles(id: string, inputs: string[], discover?: DiscoverOptions): Promise<{ files: InputFile[]; searched: InputFile[] }> {
  const { files } = await discoverInputs(inputs, discover);
  const wanted = id.toLowerCase();
  const byName = files.filter((file) => (file.path.split(/[\\/]/).pop() ?? '').toLowerCase().includes(wanted));
  const candidates = byName.length > 0 ? byName : files;
  const links = await mapFewAtATime(candidates, readSessionLinks);
  return { files: candidates.filter((_, index) => links[index]!.id?.toLowerCase().startsWith(wanted)), searched: files };
}

/** Sessions in `files` forked from `id` or spawned by it, in file order. */
export async function findRelatives(id: string, files: readonly InputFile[]): Promise<SessionRelative[]> {
  const links = await mapFewAtATime(files, readSessionLinks);
  const relatives: SessionRelative[] = [];
  links.forEach((link, index) => {
    if (link.id === null || link.id === id) return;
    const path = files[index]!.path;
    if (link.spawnedBy === id) relatives.push({ id: link.id, path, relation: 'child' });
    else if (link.forkedFrom === id) relatives.push({ id: link.id, path, relation: 'fork' });
  });
  return relatives;
}
