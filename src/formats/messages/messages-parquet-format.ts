import type { ArrowSteps } from '../arrow/arrow-steps.js';
import type { ChatMessage, MessagesRowEnd } from '../../trajectory/messages-schema.js';
import { arrowFormat } from '../arrow/arrow-format.js';
import { createColumnarRowSink } from '../arrow/columnar-sink.js';
import { isParquetShardName } from '../parquet/parquet-sink.js';
import { MESSAGES_CARD_ROWS } from './messages-card.js';
import { MESSAGES_ROWS, MessagesColumnEncoder } from './messages-columnar.js';
import { messagesRowRules, type MessagesOutputFormat } from './messages-format.js';
import { messagesProjection } from './messages-projection.js';
import { normalizeMessage, normalizeRowEnd } from './messages-text.js';

async function validateMessagesParquet(ctx: Parameters<MessagesOutputFormat<ArrowSteps>['layout']['validateRecordFile']>[0], file: string): Promise<number> {
  const { validateParquetFile } = await import('../parquet/validate-parquet-file.js');
  return validateParquetFile(ctx, file, MESSAGES_ROWS, messagesRowRules);
}

/**
 * `--format messages-parquet`: the messages rows as Parquet shards `data-0000i-of-0000N.parquet`,
 * typed columns (a message is one struct of every role's fields), written by the columnar
 * sink and parquet-wasm as `--format parquet` writes the records.
 */
export const messagesParquetFormat: MessagesOutputFormat<ArrowSteps> = {
  name: 'messages-parquet',
  projection: messagesProjection,
  // Tool outputs stay raw, decoded once to UTF-8 and copied into the content column.
  rawToolOutputs: 'utf8',
  backlog: arrowFormat.backlog,
  holdsSessions: { reason: "messages output holds each session's record in memory until it makes the session's messages", memoryPerInputByte: null },
  openSink: (options) =>
    createColumnarRowSink(
      {
        extension: '.parquet',
        loadEncoder: async () => (await import('../parquet/parquet-encoder.js')).parquetEncoder,
        writeMetadata: async () => [],
        rows: MESSAGES_ROWS,
      },
      { outDir: options.outDir, shardBytes: options.shardBytes, shardRows: options.shardRows, previous: options.previous },
      { normalizeStep: normalizeMessage, normalizeSummary: normalizeRowEnd },
    ),
  createEncoder: () => new MessagesColumnEncoder(),
  datasetCard: { dataFiles: 'data-*.parquet', typedColumns: true, rows: MESSAGES_CARD_ROWS },
  merge: {
    kind: 'sessions',
    async *readSessions(file) {
      const { readParquetSessions } = await import('../parquet/read-parquet-sessions.js');
      yield* readParquetSessions<ChatMessage, MessagesRowEnd>(file, MESSAGES_ROWS);
    },
  },
  layout: {
    isRecordFileName: isParquetShardName,
    validateRecordFile: validateMessagesParquet,
    holdsTrajectories: false,
    metadataFileNames: [],
  },
  // Any Parquet file with `--schema messages` (without it, `.parquet` is read as records).
  looseFiles: [{ matches: (name, schema) => schema === 'messages' && name.endsWith('.parquet'), validate: async (ctx, file) => void (await validateMessagesParquet(ctx, file)), narrower: true }],
};
