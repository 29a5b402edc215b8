/**
 * The chat-messages projection (`--format messages`, `messages-parquet`): the session is
 * built as the RL record (the same builder, the same rollback and fork handling), held
 * until it ends, then mapped whole to its messages (record-to-messages.ts): an output's
 * tool message needs the name of the call it answers, and the run of steps that makes
 * one assistant message ends only at the next input. The messages then go to the writer
 * one by one, the row's other fields at the end.
 */
import { RlProjection } from '../../projection/rl-projection.js';
import type { ProjectionKind, SessionProjection, StepWriter } from '../../projection/session-projection.js';
import type { BuiltStep } from '../../trajectory/built-step.js';
import type { ChatMessage, MessagesRowEnd } from '../../trajectory/messages-schema.js';
import { assembleRecord, type SessionSummary, type TrajectoryStep } from '../../trajectory/rl-schema.js';
import { recordToMessages } from './record-to-messages.js';

function createMessagesProjection(writer: StepWriter<ChatMessage, MessagesRowEnd>, options: ConstructorParameters<typeof RlProjection>[1]): SessionProjection {
  const steps: TrajectoryStep[] = [];
  const collector: StepWriter<BuiltStep, SessionSummary> = {
    writeStep(step) {
      // An output kept raw stays so: its tool message's content is written from it, spliced
      // into the line as JSON text (messages-text.ts) or copied into the column as UTF-8.
      steps.push(step as TrajectoryStep);
    },
    async end(summary) {
      const { messages, ...end } = recordToMessages(assembleRecord(summary, steps));
      steps.length = 0;
      for (const message of messages) await writer.writeStep(message);
      await writer.end(end);
    },
  };
  return new RlProjection(collector, options);
}

export const messagesProjection: ProjectionKind<ChatMessage, MessagesRowEnd> = {
  name: 'messages',
  open: (start, writer) =>
    createMessagesProjection(writer, { sourcePath: start.sourcePath, fallbackSessionId: start.fallbackSessionId, ...start.options }),
};
