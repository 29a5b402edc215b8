import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

export type RolloutFile = { path: string; bytes: number };

/**
 * Every `rollout-*.jsonl` under `root`, biggest first (ties by path), so that a pool of
 * workers never ends with one big file running alone after everything else is done.
 */
export function listRolloutsBiggestFirst(root: string): RolloutFile[] {
  const files: RolloutFile[] = [];
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const name = basename(entry);
    if (!name.startsWith('rollout-') || !name.endsWith('.jsonl')) continue;
    const path = join(root, entry);
    const stat = statSync(path);
    if (stat.isFile()) files.push({ path, bytes: stat.size });
  }
  return files.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
