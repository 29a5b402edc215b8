/**
 * Every output format, in the order `--format` lists them. This list drives the CLI,
 * the conversion run and its worker threads, and `validate`.
 */
import type { OutputFormatName } from '../schema/output-format-names.js';
import { arrowFormat } from './arrow/arrow-format.js';
import { atifFormat, type AtifOutputFormat } from './atif/atif-format.js';
import { jsonFormat } from './json/json-format.js';
import { jsonlFormat } from './jsonl/jsonl-format.js';
import { messagesFormat, type MessagesOutputFormat } from './messages/messages-format.js';
import { messagesParquetFormat } from './messages/messages-parquet-format.js';
import type { TextSteps } from '../write/text-steps.js';
import type { ArrowSteps } from './arrow/arrow-steps.js';
import type { RlOutputFormat } from './output-format.js';
import { parquetFormat } from './parquet/parquet-format.js';
import { threadEventsFormat, type ThreadEventOutputFormat } from './thread-events/thread-events-format.js';

export type OutputFormat = RlOutputFormat | ThreadEventOutputFormat | AtifOutputFormat | MessagesOutputFormat<TextSteps> | MessagesOutputFormat<ArrowSteps>;

export const OUTPUT_FORMATS: Readonly<Record<OutputFormatName, OutputFormat>> = {
  json: jsonFormat,
  jsonl: jsonlFormat,
  arrow: arrowFormat,
  parquet: parquetFormat,
  'thread-events': threadEventsFormat,
  atif: atifFormat,
  messages: messagesFormat,
  'messages-parquet': messagesParquetFormat,
};

export const OUTPUT_FORMAT_NAMES = Object.keys(OUTPUT_FORMATS) as OutputFormatName[];

/**
 * The format that writes `name` to a stream (`--stdout`): itself when it can, else JSONL
 * records (a pipe holds neither one file per session nor Arrow's shard layout).
 */
export function streamingFormatFor(name: OutputFormatName): OutputFormat {
  const format = OUTPUT_FORMATS[name];
  return format.openStream ? format : jsonlFormat;
}
