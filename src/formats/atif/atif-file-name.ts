/**
 * `--format atif` names each session's file `<session_id>.atif.json` (made filesystem-safe
 * like every per-session file); a spawn call's `subagent_trajectory_ref` points at the
 * child's file by that name.
 */
import { sessionFileName } from '../../write/session-file-name.js';

export const ATIF_FILE_SUFFIX = '.atif.json';

/** `fileName`: a per-session `.json` name (write/session-file-name.ts) made an ATIF one. */
export function toAtifFileName(fileName: string): string {
  return fileName.replace(/\.json$/, ATIF_FILE_SUFFIX);
}

/** The file a session's ATIF trajectory is written to, when no other session of the run has its id. */
export function atifFileNameOf(sessionId: string): string {
  return toAtifFileName(sessionFileName(sessionId));
}
