/**
 * When two steps are the same step, for the whole-tree guarantee (issue 11, item 6): the
 * same kind of step saying the same thing (its call id, text, command, output, author) at the
 * same moment. The moment is the step's own timestamp; a fork's copy gets new timestamps but
 * keeps the parent's Codex turn ids, so a step is ALSO known by its turn id. Legacy steps
 * (0.8-0.29) have neither: a step that carries a call id is known by it within its directory.
 * A legacy resume copies the call ids into a file beside the original; real call ids are
 * unique, but the oracle's scripted ones repeat in every version's directory (the same script
 * replayed gives literally the same steps, and nothing in them tells the recordings apart).
 */
import path from 'node:path';
import type { TrajectoryRecord, TrajectoryStep } from '../../src/trajectory/rl-schema.js';

/** What a step says, without where it sits (turn index) or the marks a run adds. */
function said(step: TrajectoryStep): string {
  const { timestamp: _timestamp, turn: _turn, rolled_back: _rolledBack, is_copied_context: _copied, ...rest } = step;
  return JSON.stringify(rest);
}

/** Every identity of a step: it is the same step as another when any of them is shared. */
export function stepIdentities(record: TrajectoryRecord, step: TrajectoryStep): string[] {
  const turnId = record.turns[step.turn]?.turn_id ?? null;
  const keys: string[] = [];
  if (step.timestamp !== null) keys.push(`at ${step.timestamp} ${said(step)}`);
  if (turnId !== null) keys.push(`turn ${turnId} ${said(step)}`);
  const callId = 'call_id' in step ? step.call_id : null;
  if (step.timestamp === null && turnId === null && callId) keys.push(`call in ${path.dirname(record.source_path)} ${said(step)}`);
  return keys;
}

/** Steps found in more than one record (or twice in one): a description of each repeat. */
export function findRepeatedSteps(records: readonly TrajectoryRecord[]): string[] {
  const owner = new Map<string, string>();
  const repeated: string[] = [];
  for (const record of records) {
    const own = new Set<string>();
    for (const step of record.trajectory) {
      for (const key of stepIdentities(record, step)) {
        if (own.has(key)) continue;
        own.add(key);
        const first = owner.get(key);
        if (first !== undefined) repeated.push(`${first} and ${record.source_path}: ${key.slice(0, 160)}`);
        else owner.set(key, record.source_path);
      }
    }
  }
  return repeated;
}
