/**
 * After an automatic context compaction, Codex 0.58 to 0.129 emitted a fixed
 * warning event (exec printed it as an `error` item). It is not persisted, but it
 * is a constant of the version, so the replay restores it. 0.47 instead said
 * "Compact task completed" as an agent message, which rollouts do keep.
 */
import { isCodexVersionIn } from '../codex/codex-version.js';
import type { RolloutRecord } from '../rollout/records.js';

export function compactionWarningFor(cliVersion: string | null | undefined): string | null {
  if (isCodexVersionIn(cliVersion, '0.58.0', '0.80.0')) {
    return 'Heads up: Long conversations and multiple compactions can cause the model to be less accurate. Start a new conversation when possible to keep conversations small and targeted.';
  }
  if (isCodexVersionIn(cliVersion, '0.80.0', '0.130.0')) {
    return 'Heads up: Long threads and multiple compactions can cause the model to be less accurate. Start a new thread when possible to keep threads small and targeted.';
  }
  return null;
}

/** The agent message Codex itself wrote when a compact task finished (0.47-0.58). */
export function isCompactTaskMessage(record: RolloutRecord): boolean {
  return record.kind === 'event_msg' && record.event.type === 'agent_message' && record.event.message === 'Compact task completed';
}

