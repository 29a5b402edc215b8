/**
 * Cheap checks for the payloads that make up nearly every line of a rollout (session
 * headers and turn contexts, response items, events): true only when the zod schema in
 * session-header.ts / response-item.ts / persisted-event.ts accepts the payload and would
 * return it with the same values (no default to fill in). The payload is then used as it
 * is; anything else goes through zod, which stays the source of truth and words the issue.
 * The checks are compiled from those schemas, so they follow every change to them.
 *
 * zod's parse writes an object's keys in the schema's order; a payload is read field by
 * field, so its key order does not matter, except in the objects the RL record holds as
 * they are: those must already be in zod's order.
 */
import { compileShapeCheck } from '../shape-check/compile-shape-check.js';
import { persistedEventSchema } from './persisted-event.js';
import { responseItemSchema } from './response-item.js';
import { sessionMetaSchema, turnContextSchema } from './session-header.js';

/** The actions of local shell calls and web searches become tool call steps' `arguments`. */
const SERIALIZED_ITEM_OBJECTS = ['<local_shell_call>.action', '<web_search_call>.action'];

export const isPlainResponseItem: (payload: unknown) => boolean = compileShapeCheck(responseItemSchema, { keyOrder: SERIALIZED_ITEM_OBJECTS });

/** `payload.type` must already be the canonical event type (aliases resolved). */
export const isPlainEvent: (payload: unknown) => boolean = compileShapeCheck(persistedEventSchema);

export const isPlainSessionMeta: (payload: unknown) => boolean = compileShapeCheck(sessionMetaSchema);

export const isPlainTurnContext: (payload: unknown) => boolean = compileShapeCheck(turnContextSchema);
