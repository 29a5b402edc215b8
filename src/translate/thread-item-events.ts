import type { ThreadEvent, ThreadItem } from './thread-events.js';

/** The three item lifecycle events exec prints. */
export const started = (item: ThreadItem): ThreadEvent => ({ type: 'item.started', item });
export const updated = (item: ThreadItem): ThreadEvent => ({ type: 'item.updated', item });
export const completed = (item: ThreadItem): ThreadEvent => ({ type: 'item.completed', item });
