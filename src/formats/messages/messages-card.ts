import type { CardRows } from '../dataset-card/dataset-card.js';
import { MESSAGES_COLUMNS } from './messages-columns.js';

/** The dataset card of a messages output: what its rows are, and their columns. */
export const MESSAGES_CARD_ROWS: CardRows = {
  columns: MESSAGES_COLUMNS,
  description:
    'chat messages in the OpenAI format SFT trainers read: one row per session, its conversation in `messages` (system, developer, user, assistant with `reasoning_content` and `tool_calls`, tool with `tool_call_id`), the tools offered in `tools`, then the session metadata',
  schema: 'messages',
};
