/**
 * Passes every session of a sink through unchanged, and counts each one that ends
 * into the dataset card's statistics (cancelled sessions are never placed, so not counted).
 */
import { addSessionToStats, type CardSession, type CardStats } from '../formats/dataset-card/card-stats.js';
import type { SessionSink } from '../write/sink.js';
import { onSessionEnd } from './session-end-sink.js';

export function countSessionsForCard<Step, Batch, Summary>(sink: SessionSink<Step, Batch, Summary>, stats: CardStats): SessionSink<Step, Batch, Summary> {
  return onSessionEnd(sink, (summary) => {
    // Every format with a card ends its sessions with a summary that carries the card's fields.
    addSessionToStats(stats, summary as CardSession);
    return summary;
  });
}
