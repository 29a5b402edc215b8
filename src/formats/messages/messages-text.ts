/**
 * The messages row as one JSONL line, written piece by piece like the record (a long
 * session is never one string): `{"messages":[` + each message + `],` + the row's other
 * fields + `}\n`, which is exactly `JSON.stringify(row)` with the keys in schema order.
 * Messages are checked against the schema (a failure is a builder bug) and serialized
 * here, on whichever thread converts the session. A tool message's content may be a tool
 * output the decoder kept as its JSON text (bytes/raw-json-string.ts): it is spliced into
 * the line as it is, never decoded and escaped again.
 */
import { createRawStringSplicer, isRawJsonString, type RawJsonString } from '../../bytes/raw-json-string.js';
import { chatMessageSchema, messagesRowEndSchema, type ChatMessage, type MessagesRowEnd } from '../../trajectory/messages-schema.js';
import { concatText } from '../../write/record-text.js';
import type { StepBatchEncoder } from '../../write/sink.js';
import type { RowText } from '../../write/text-session.js';
import type { TextSteps } from '../../write/text-steps.js';

/** A content kept raw (a tool output's JSON text), if the message has one. */
function rawContentOf(message: ChatMessage): RawJsonString | undefined {
  const content: unknown = message.content;
  return isRawJsonString(content) ? content : undefined;
}

/** The message with its keys in schema order; throws when it does not fit the schema. */
export function normalizeMessage(message: ChatMessage): ChatMessage {
  const raw = rawContentOf(message);
  if (!raw) return chatMessageSchema.parse(message);
  // Raw content is a string by construction: the rest is checked without decoding it, then it is put back.
  return { ...chatMessageSchema.parse({ ...message, content: '' }), content: raw as unknown as string } as ChatMessage;
}

export function normalizeRowEnd(end: MessagesRowEnd): MessagesRowEnd {
  return messagesRowEndSchema.parse(end);
}

const spliceContent = createRawStringSplicer('content');

/** The message's text with the separator before it, as UTF-8 pieces. */
function messagePieces(message: ChatMessage, index: number): (string | Uint8Array)[] {
  const separator = index === 0 ? '' : ',';
  const raw = rawContentOf(message);
  if (!raw) return [separator + JSON.stringify(message)];
  return spliceContent(raw, (content) => separator + JSON.stringify({ ...message, content }));
}

export const MESSAGES_ROW_TEXT: RowText<ChatMessage, MessagesRowEnd> = {
  stepPieces: messagePieces,
  head: () => '{"messages":[',
  tail: (end) => `],${JSON.stringify(end).slice(1)}\n`,
  sessionId: (end) => end.session_id,
};

/** Messages checked and serialized on a worker thread, as the sink writes them. */
export class MessagesTextEncoder implements StepBatchEncoder<ChatMessage, TextSteps> {
  private pieces: (string | Uint8Array)[] = [];
  private size = 0;
  /** The index of the next message in the session (separators go between messages). */
  private index = 0;
  /** Messages handed over in earlier batches. */
  private taken = 0;

  get pendingBytes(): number {
    return this.size;
  }

  add(message: ChatMessage): void {
    for (const piece of messagePieces(normalizeMessage(message), this.index)) {
      this.pieces.push(piece);
      this.size += piece.length;
    }
    this.index += 1;
  }

  take(): TextSteps | null {
    if (this.pieces.length === 0) return null;
    const batch = { bytes: concatText(this.pieces, true), steps: this.index - this.taken, counts: {} };
    this.taken = this.index;
    this.pieces = [];
    this.size = 0;
    return batch;
  }

  transferables(batch: TextSteps): ArrayBuffer[] {
    return [batch.bytes.buffer as ArrayBuffer];
  }
}
