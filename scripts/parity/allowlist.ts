/**
 * The reviewed allow-list of parity differences (fixtures/oracle/parity-allowlist.json): the
 * real exec events a rollout cannot support, each with the reason. An entry names the cells
 * (labels x scenarios) it covers and, per event pattern, which differences it excuses:
 *
 * - `missing`: a real event we do not print at all;
 * - `extra`: an event we print that the real stream does not have;
 * - a field name (`message`, `status`, ...): an aligned event whose fields differ only there;
 * - `renumbered`: the events of the pattern are all there and equal, in the same order,
 *   only their item ids differ (an item the rollout lost shifts the `item_N` numbering);
 * - `reordered`: the events of the pattern are all there and equal, modulo item ids, but in
 *   another order (concurrent calls whose real order the rollout does not record).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { COMPARED_FIELDS } from './event-fields.js';

export const ALLOWANCE_KINDS = ['missing', 'extra', 'renumbered', 'reordered', ...COMPARED_FIELDS] as const;

export const allowanceKindSchema = z.enum(ALLOWANCE_KINDS);
export type AllowanceKind = z.infer<typeof allowanceKindSchema>;

const regexSchema = z.string().refine((source) => {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const eventPatternSchema = z.strictObject({
  /** ThreadEvent type (`error`, `turn.failed`, `item.completed`, ...); any when absent. */
  type: z.string().optional(),
  /** Item type of item.* events (`mcp_tool_call`, ...); any when absent. */
  item_type: z.string().optional(),
  /** Compared field -> regular expression its value (JSON text unless a string) must match. */
  match: z.partialRecord(z.enum(COMPARED_FIELDS), regexSchema).optional(),
  allow: z.array(allowanceKindSchema).min(1),
});
export type EventPattern = z.infer<typeof eventPatternSchema>;

export const allowlistEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  labels: z.array(z.string()).min(1),
  scenarios: z.array(z.string()).min(1),
  events: z.array(eventPatternSchema).min(1),
  reason: z.string().min(40),
});
export type AllowlistEntry = z.infer<typeof allowlistEntrySchema>;

export const allowlistSchema = z
  .strictObject({
    $comment: z.string().optional(),
    entries: z.array(allowlistEntrySchema),
  })
  .refine((list) => new Set(list.entries.map((entry) => entry.id)).size === list.entries.length, 'entry ids must be unique');
export type Allowlist = z.infer<typeof allowlistSchema>;

export function readAllowlist(file: string): Allowlist {
  return allowlistSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export function coversCell(entry: AllowlistEntry, label: string, scenario: string): boolean {
  return entry.labels.includes(label) && entry.scenarios.includes(scenario);
}
