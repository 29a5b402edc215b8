/**
 * Where a session sits in the session graph, read from its own `session_meta`.
 *
 * - A fork names its parent in `forked_from_id` (0.169+ `codex exec fork`, Desktop
 *   forks and Desktop sub-agents forked from the parent's history). No header says at
 *   which parent turn the fork happened, so `turn_index` is null.
 * - A sub-agent (Desktop 0.142+, code mode `spawn_agent`) has
 *   `source: {subagent: {thread_spawn: {parent_thread_id, depth, agent_path, agent_nickname}}}`
 *   and, from 0.169, the same parent as `parent_thread_id` at the top level.
 * - Every other session is a root: `agent: {role: "main"}`.
 */
import type { SessionMeta } from '../rollout/session-header.js';

export type ForkOrigin = { session_id: string; turn_index: number | null };
export type AgentRole =
  | { role: 'main' }
  | { role: 'subagent'; nickname: string | null; path: string | null; depth: number | null };
export type SessionLineage = { forked_from: ForkOrigin | null; parent_session_id: string | null; agent: AgentRole };

type ThreadSpawn = { parent_thread_id?: unknown; depth?: unknown; agent_path?: unknown; agent_nickname?: unknown };

export function sessionLineageOf(meta: SessionMeta | null): SessionLineage {
  const spawn = threadSpawnOf(meta?.source);
  const parent = meta?.parent_thread_id ?? stringOrNull(spawn?.parent_thread_id);
  const isSubagent = spawn !== null || parent !== null;
  return {
    forked_from: meta?.forked_from_id ? { session_id: meta.forked_from_id, turn_index: null } : null,
    parent_session_id: parent,
    agent: isSubagent
      ? {
          role: 'subagent',
          nickname: meta?.agent_nickname ?? stringOrNull(spawn?.agent_nickname),
          path: meta?.agent_path ?? stringOrNull(spawn?.agent_path),
          depth: typeof spawn?.depth === 'number' ? spawn.depth : null,
        }
      : { role: 'main' },
  };
}

function threadSpawnOf(source: unknown): ThreadSpawn | null {
  if (typeof source !== 'object' || source === null) return null;
  const subagent = (source as { subagent?: unknown }).subagent;
  if (typeof subagent !== 'object' || subagent === null) return null;
  const spawn = (subagent as { thread_spawn?: unknown }).thread_spawn;
  return typeof spawn === 'object' && spawn !== null ? (spawn as ThreadSpawn) : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
