/** `session_meta` and `turn_context` payloads: who, where and with which model. */
import { z } from 'zod';

export const sessionMetaSchema = z.looseObject({
  /** `id` in every generation; late 2026 also writes the same value as `session_id`. */
  id: z.string().nullish(),
  session_id: z.string().nullish(),
  timestamp: z.string().nullish(),
  cwd: z.string().nullish(),
  originator: z.string().nullish(),
  cli_version: z.string().nullish(),
  /** User instructions (AGENTS.md) until ~Dec 2025; then replaced by base_instructions. */
  instructions: z.string().nullish(),
  base_instructions: z.looseObject({ text: z.string().nullish() }).nullish(),
  history_mode: z.string().nullish(),
  forked_from_id: z.string().nullish(),
  /** Sub-agents (0.142+): the spawning session, also inside `source.subagent.thread_spawn`. */
  parent_thread_id: z.string().nullish(),
  /** `"exec"`, `"vscode"`, ... or `{subagent: {thread_spawn: {parent_thread_id, depth, agent_path, agent_nickname}}}`. */
  source: z.unknown().optional(),
  agent_nickname: z.string().nullish(),
  agent_path: z.string().nullish(),
});
export type SessionMeta = z.infer<typeof sessionMetaSchema>;

export const turnContextSchema = z.looseObject({
  turn_id: z.string().nullish(),
  cwd: z.string().nullish(),
  model: z.string().nullish(),
  user_instructions: z.string().nullish(),
  developer_instructions: z.string().nullish(),
});
export type TurnContext = z.infer<typeof turnContextSchema>;

/** The session id a header names: `id` in every generation, `session_id` as its late-2026 twin. */
export function sessionIdOf(meta: SessionMeta | null | undefined): string | null {
  return meta?.id ?? meta?.session_id ?? null;
}
