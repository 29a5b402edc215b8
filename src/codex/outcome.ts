import { z } from 'zod';

/**
 * How a turn (and so a session, by its last turn) ended: `completed` normally,
 * `failed` on an error or a failed request, `aborted` when interrupted, `incomplete`
 * when the rollout stops before the turn ends (cut short, or a call left unanswered).
 */
export const outcomeSchema = z.enum(['completed', 'failed', 'aborted', 'incomplete']);
export type Outcome = z.infer<typeof outcomeSchema>;
