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

const COMPACT_TASK_MESSAGE = 'Compact task completed';

/** The agent message Codex itself wrote when a compact task finished (0.47-0.58); a migrated file holds it as an AgentMessage item. */
export function isCompactTaskMessage(record: RolloutRecord): boolean {
  if (record.kind !== 'event_msg') return false;
  const event = record.event;
  if (event.type === 'agent_message') return event.message === COMPACT_TASK_MESSAGE;
  if (event.type !== 'item_completed' || event.item.type !== 'AgentMessage') return false;
  return (event.item.content ?? []).map((part) => part.text ?? '').join('') === COMPACT_TASK_MESSAGE;
}

