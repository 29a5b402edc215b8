/**
 * Sessions Codex Desktop imported from another agent. Its importer ("external agent
 * sessions") rewrites a Claude Code transcript as a Codex rollout: a `session_meta`
 * written by the importing Codex (its own `cli_version`, `originator`, and base
 * instructions whose provenance names Codex's default model), then, per user message, a
 * turn whose id is `external-import-turn-<n>` holding the user and assistant messages
 * as text only (no reasoning, no tool calls, no `turn_context`), then an
 * `<EXTERNAL SESSION IMPORTED>` agent message, a `token_count` estimated from the text's
 * length, and the last `task_complete`. Nothing in the file names the model that wrote the
 * assistant messages, and no Codex model did: an imported record's `model` is null. A user
 * may go on with the session in Codex: those turns have Codex turn ids and `turn_context`.
 */

/** The source agent an imported session came from (the importer reads Claude Code transcripts). */
export type ImportedFrom = 'claude-code';

const IMPORTED_TURN_ID = /^external-import-turn-\d+$/;

/** True for the id Codex's importer gives each turn of an imported transcript. */
export function isImportedTurnId(turnId: string | null | undefined): boolean {
  return typeof turnId === 'string' && IMPORTED_TURN_ID.test(turnId);
}
