/**
 * Messages as Parquet columns: the row kind the columnar sink builds (its columns derived
 * from the published messages schema, `messages` the list whose items arrive one by one),
 * and the worker's encoder, which checks each message and appends it to a message column
 * chunk, as the Arrow encoder does with steps.
 */
import type { ChatMessage } from '../../trajectory/messages-schema.js';
import type { StepBatchEncoder } from '../../write/sink.js';
import { chunkBuffers, type ColumnBuilder } from '../arrow/arrow-column-chunk.js';
import { createStepBuilder, type ColumnarRowSchema } from '../arrow/arrow-record-batch.js';
import type { ArrowSteps } from '../arrow/arrow-steps.js';
import { MESSAGES_COLUMNS } from './messages-columns.js';
import { normalizeMessage } from './messages-text.js';

export const MESSAGES_ROWS: ColumnarRowSchema = { schemaName: 'messages', columns: MESSAGES_COLUMNS, itemsColumn: 'messages' };

export class MessagesColumnEncoder implements StepBatchEncoder<ChatMessage, ArrowSteps> {
  private readonly builder: ColumnBuilder = createStepBuilder(MESSAGES_ROWS);

  get pendingBytes(): number {
    return this.builder.bytes;
  }

  add(message: ChatMessage): void {
    this.builder.append(normalizeMessage(message));
  }

  take(): ArrowSteps | null {
    if (this.builder.length === 0) return null;
    return { chunk: this.builder.take(), counts: {} };
  }

  /** Chunks are fresh buffers of their own, one per column. */
  transferables(batch: ArrowSteps): ArrayBuffer[] {
    return [...chunkBuffers(batch.chunk)];
  }
}
