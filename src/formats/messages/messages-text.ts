/**
 * The messages row as one JSONL line, written piece by piece like the record (a long
 * session is never one string): `{"messages":[` + each message + `],` + the row's other
 * fields + `}\n`, which is exactly `JSON.stringify(row)` with the keys in schema order.
 * Messages are checked against the schema (a failure is a builder bug) and serialized
 * here, on whichever thread converts the session.
 */
import { chatMessageSchema, messagesRowEndSchema, type ChatMessage, type MessagesRowEnd } from '../../trajectory/messages-schema.js';
import { concatText } from '../../write/record-text.js';
import type { StepBatchEncoder } from '../../write/sink.js';
import type { RowText } from '../../write/text-session.js';
import type { TextSteps } from '../../write/text-steps.js';

/** The message with its keys in schema order; throws when it does not fit the schema. */
export function normalizeMessage(message: ChatMessage): ChatMessage {
  return chatMessageSchema.parse(message);
}

export function normalizeRowEnd(end: MessagesRowEnd): MessagesRowEnd {
  return messagesRowEndSchema.parse(end);
}

function messageText(message: ChatMessage, index: number): string {
  return (index === 0 ? '' : ',') + JSON.stringify(message);
}

export const MESSAGES_ROW_TEXT: RowText<ChatMessage, MessagesRowEnd> = {
  stepPieces: (message, index) => [messageText(message, index)],
  head: () => '{"messages":[',
  tail: (end) => `],${JSON.stringify(end).slice(1)}\n`,
  sessionId: (end) => end.session_id,
};

/** Messages checked and serialized on a worker thread, as the sink writes them. */
export class MessagesTextEncoder implements StepBatchEncoder<ChatMessage, TextSteps> {
  private pieces: string[] = [];
  private size = 0;
  /** The index of the next message in the session (separators go between messages). */
  private index = 0;

  get pendingBytes(): number {
    return this.size;
  }

  add(message: ChatMessage): void {
    const text = messageText(normalizeMessage(message), this.index);
    this.index += 1;
    this.pieces.push(text);
    this.size += text.length;
  }

  take(): TextSteps | null {
    if (this.pieces.length === 0) return null;
    const batch = { bytes: concatText(this.pieces, true), steps: this.pieces.length, counts: {} };
    this.pieces = [];
    this.size = 0;
    return batch;
  }

  transferables(batch: TextSteps): ArrayBuffer[] {
    return [batch.bytes.buffer as ArrayBuffer];
  }
}
