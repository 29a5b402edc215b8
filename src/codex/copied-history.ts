/**
 * The parent history a Desktop fork copied into its own file.
 *
 * Codex Desktop 0.142-0.144 writes a forked session (a forked sub-agent too) as: its own
 * `session_meta`, then the parent's `session_meta` (another id), then a verbatim copy of
 * the parent's lines (token counts and rollbacks included), all written within a few
 * milliseconds, ending inside the parent's open turn. The fork's own lines follow, tens of
 * milliseconds or more later. So the copy is the run of lines from the second header on
 * whose timestamps each follow the previous one by at most COPY_BURST_GAP_MS; the first
 * line after a longer gap (or without a timestamp) is the fork's own.
 *
 * 0.169+ forks (`codex exec fork`) copy nothing: they point at the parent with
 * `history_base`, so no copy is ever seen in their files.
 */
import type { RolloutRecord } from '../rollout/records.js';
import { sessionIdOf } from '../rollout/session-header.js';

/** Real copies write about 1000 lines in 25 ms; the fork's own first line comes 30+ ms later. */
export const COPY_BURST_GAP_MS = 10;

export class CopiedHistory {
  private ownId: string | null | undefined = undefined;
  private copying = false;
  private lastMs = 0;

  /** True when the record is part of a copied parent history. Call once per record, in file order. */
  isCopied(record: RolloutRecord): boolean {
    const ms = record.at.timestamp !== null ? Date.parse(record.at.timestamp) : Number.NaN;
    if (record.kind === 'session_meta') {
      const id = sessionIdOf(record.meta);
      if (this.ownId === undefined) {
        this.ownId = id;
        return false;
      }
      if (id !== null && id !== this.ownId && !Number.isNaN(ms)) {
        this.copying = true;
        this.lastMs = ms;
        return true;
      }
    }
    if (!this.copying) return false;
    if (Number.isNaN(ms) || ms - this.lastMs > COPY_BURST_GAP_MS) {
      this.copying = false;
      return false;
    }
    this.lastMs = ms;
    return true;
  }
}
