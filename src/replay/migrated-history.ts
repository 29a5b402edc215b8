/**
 * `codex migrate-rollouts --apply` (0.169+) rewrites an older rollout in place into the
 * paginated history form and keeps its old `cli_version`. What it writes is not what the
 * session recorded, and is read accordingly:
 * - `history_mode: "paginated"` on a file of a version before paginated history existed
 *   (0.169): its tool executions were never persisted as items (the migration synthesizes
 *   none), so they are rebuilt from the calls and outputs as in the original file;
 * - `task_started` / `task_complete` with `turn_id: "rollout-<ordinal>"` are synthesized
 *   where the original had no turn events: the `task_complete` comes after the next turn's
 *   user message, and also ends interrupted turns. They are ignored; turns are found as in
 *   the original (by user input, `turn_aborted`). Turn events the original had keep their
 *   real ids and are read as usual.
 */
import { isCodexVersionIn } from '../codex/codex-version.js';
import type { PersistedEventOf } from '../rollout/persisted-event.js';
import type { SessionMeta } from '../rollout/session-header.js';

/** The first Codex version that wrote paginated history itself. */
const NATIVE_PAGINATED_SINCE = '0.169.0';

/** Whether the header says the file was migrated: paginated, but written by an older Codex. */
export function isMigratedHistory(meta: SessionMeta): boolean {
  return meta.history_mode === 'paginated' && isCodexVersionIn(meta.cli_version, '0.0.0', NATIVE_PAGINATED_SINCE);
}

const MIGRATION_TURN_ID = /^rollout-\d+$/;

/** A turn event the migration synthesized (only meaningful in a migrated file). */
export function isMigrationTurnEvent(event: PersistedEventOf<'task_started' | 'task_complete'>): boolean {
  return typeof event.turn_id === 'string' && MIGRATION_TURN_ID.test(event.turn_id);
}
