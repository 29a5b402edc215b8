import { validateJsonlFile } from '../../check/validate-jsonl-file.js';
import type { ChatMessage, MessagesRow, MessagesRowEnd } from '../../trajectory/messages-schema.js';
import type { TextSteps } from '../../write/text-steps.js';
import type { OutputFormatDescriptor } from '../output-format.js';
import { MESSAGES_CARD_ROWS } from './messages-card.js';
import { messagesProjection } from './messages-projection.js';
import { checkMessagesRules } from './messages-rules.js';
import { createMessagesJsonlSink, createMessagesStreamSink, isMessagesJsonlName, MESSAGES_JSONL_STEM } from './messages-sink.js';
import { nameJsonlShards } from '../jsonl/jsonl-sink.js';
import { MessagesTextEncoder } from './messages-text.js';

export type MessagesOutputFormat<Batch> = OutputFormatDescriptor<ChatMessage, Batch, MessagesRowEnd>;

/** A row's rules, on a row the schema accepted. */
export const messagesRowRules = (value: unknown) => checkMessagesRules(value as MessagesRow);

/**
 * `--format messages`: one row per session in the OpenAI chat format SFT trainers read
 * (`messages`, `tools`, the session's metadata), one row per line in `messages.jsonl`.
 */
export const messagesFormat: MessagesOutputFormat<TextSteps> = {
  name: 'messages',
  projection: messagesProjection,
  // The mapping reads every output's text: the decoder hands it over decoded.
  // Tool outputs stay their JSON text, spliced into their tool messages (messages-text.ts).
  rawToolOutputs: 'json',
  backlog: { kind: 'sessions', max: 4 },
  // Its record is held until the session ends and its messages are made.
  holdsSessions: { reason: "messages output holds each session's record in memory until it makes the session's messages", memoryPerInputByte: null },
  openSink: (options) => createMessagesJsonlSink(options),
  openStream: (stream) => createMessagesStreamSink(stream),
  createEncoder: () => new MessagesTextEncoder(),
  // `messages*.jsonl` leaves issues.jsonl out. No features: datasets' JSON builder infers the types.
  datasetCard: { dataFiles: 'messages*.jsonl', typedColumns: false, rows: MESSAGES_CARD_ROWS },
  merge: { kind: 'lines', nameShards: (count) => nameJsonlShards(count, MESSAGES_JSONL_STEM) },
  layout: {
    isRecordFileName: isMessagesJsonlName,
    validateRecordFile: (ctx, file) => validateJsonlFile(ctx, file, 'messages', messagesRowRules),
    holdsTrajectories: false,
    metadataFileNames: [],
  },
  looseFiles: [
    {
      // `messages*.jsonl`, or any JSONL file with `--schema messages`.
      matches: (name, schema) => (schema === undefined && isMessagesJsonlName(name)) || (schema === 'messages' && (name.endsWith('.jsonl') || name.endsWith('.ndjson'))),
      validate: async (ctx, file) => void (await validateJsonlFile(ctx, file, 'messages', messagesRowRules)),
      narrower: true,
    },
  ],
};
