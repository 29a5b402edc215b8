/**
 * `token_usage_record` lines (Codex 0.169+): one per completed model response,
 * written right after the response's items, with the response id and the turn it
 * belongs to. They are the exact accounting of what was spent; older files only have
 * the running `token_count` events (see replay/usage-ledger.ts).
 */
import { z } from 'zod';
import { tokenUsageSchema } from './persisted-event.js';

export const tokenUsageRecordSchema = z.looseObject({
  response_id: z.string().nullish(),
  turn_id: z.string().nullish(),
  /** This response's own usage (not the turn's or the thread's running sum). */
  usage: tokenUsageSchema,
});
