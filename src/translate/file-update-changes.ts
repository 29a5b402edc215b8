/**
 * The `changes` list of a file_change item: one `{path, kind}` per file of the patch. Before
 * exec 0.130 they come from a Rust HashMap (no stable order; we keep the input order); from
 * 0.130 on they are sorted by path, compared as UTF-8 bytes like Rust strings.
 */
import type { FileChange } from '../codex/event-msg.js';
import type { FileUpdateChange } from './thread-events.js';

function kindOf(change: FileChange): FileUpdateChange['kind'] {
  if ('add' in change) return 'add';
  if ('delete' in change) return 'delete';
  return 'update';
}

/** UTF-8 byte order, which differs from JS (UTF-16) string order past U+FFFF. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function listFileUpdateChanges(changes: Record<string, FileChange>, sortByPath: boolean): FileUpdateChange[] {
  const list = Object.entries(changes).map(([path, change]) => ({ path, kind: kindOf(change) }));
  return sortByPath ? list.sort((a, b) => compareUtf8(a.path, b.path)) : list;
}
