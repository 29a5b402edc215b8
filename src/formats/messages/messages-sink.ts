/**
 * `--format messages`: one row per line in `messages.jsonl`, or `messages-0000i-of-0000N.jsonl`
 * shards when `--shard-size`/`--shard-rows` split it (a row is never split). The JSONL
 * sink's shard placer, with rows in the order their sessions began.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Writable } from 'node:stream';
import type { ChatMessage, MessagesRowEnd } from '../../trajectory/messages-schema.js';
import { createOrderedRowSink } from '../../write/ordered-sink.js';
import { DEFAULT_SHARD_BYTES } from '../../write/shards.js';
import type { PreviousFiles } from '../../write/reference-file.js';
import type { SessionSink } from '../../write/sink.js';
import { createStreamPlacer } from '../../write/stream-sink.js';
import { createRowTextHandler } from '../../write/text-session.js';
import type { TextSteps } from '../../write/text-steps.js';
import { createJsonlPlacer, isJsonlShardName } from '../jsonl/jsonl-sink.js';
import { MESSAGES_ROW_TEXT, normalizeMessage, normalizeRowEnd } from './messages-text.js';

export const MESSAGES_JSONL_STEM = 'messages';

export type MessagesSink<Batch> = SessionSink<ChatMessage, Batch, MessagesRowEnd>;

export function isMessagesJsonlName(name: string): boolean {
  return isJsonlShardName(name, MESSAGES_JSONL_STEM);
}

const MESSAGES_CONTRACT = { normalizeStep: normalizeMessage, normalizeSummary: normalizeRowEnd };

/** `--stdout -f messages`: the rows streamed as JSONL, in input order. */
export function createMessagesStreamSink(stream: Writable): MessagesSink<TextSteps> {
  return createOrderedRowSink(createRowTextHandler<ChatMessage, MessagesRowEnd, TextSteps>(MESSAGES_ROW_TEXT, { spillDir: tmpdir(), placer: createStreamPlacer(stream) }), MESSAGES_CONTRACT);
}

type MessagesJsonlSinkOptions = { outDir: string; shardBytes?: number | undefined; shardRows?: number | undefined; previous?: PreviousFiles | undefined };

export function createMessagesJsonlSink(options: MessagesJsonlSinkOptions): MessagesSink<TextSteps> {
  mkdirSync(options.outDir, { recursive: true });
  const limits = { maxBytes: options.shardBytes ?? DEFAULT_SHARD_BYTES, maxRows: options.shardRows };
  const placer = createJsonlPlacer(options.outDir, limits, MESSAGES_JSONL_STEM, options.previous);
  return createOrderedRowSink(createRowTextHandler<ChatMessage, MessagesRowEnd, TextSteps>(MESSAGES_ROW_TEXT, { spillDir: options.outDir, placer }), MESSAGES_CONTRACT);
}
