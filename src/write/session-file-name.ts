/**
 * File names for `--format json` (`<session_id>.json`). Session ids are normally
 * UUIDs, but an id taken from a file name can hold anything, so the name is made
 * filesystem-safe; two sessions with the same id (a copied or resumed rollout) get
 * `-2`, `-3`... in the order the sessions were written, which is deterministic.
 * Names are compared case-insensitively so the output also works on macOS/Windows.
 */

/** Names the JSON sink never gives a session file, because other outputs use them. */
const RESERVED_STEMS = new Set(['manifest', 'dataset_info', 'state']);

function sanitizeFileStem(sessionId: string): string {
  const stem = sessionId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 200);
  return stem === '' ? 'session' : stem;
}

type SessionFileNamer = (sessionId: string) => string;

/** The name a session's file gets when no session written before it took that name. */
export function sessionFileName(sessionId: string): string {
  const stem = sanitizeFileStem(sessionId);
  return RESERVED_STEMS.has(stem.toLowerCase()) ? `${stem}-2.json` : `${stem}.json`;
}

export function createSessionFileNamer(): SessionFileNamer {
  const taken = new Set<string>();
  return (sessionId) => {
    const stem = sanitizeFileStem(sessionId);
    let name = sessionFileName(sessionId);
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${stem}-${n}.json`;
    taken.add(name.toLowerCase());
    return name;
  };
}
