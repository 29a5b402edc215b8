/**
 * `--format parquet`: the trajectory records as Parquet shards,
 * `data-0000i-of-0000N.parquet`, with the same columns and types as the Arrow output
 * (the Arrow schema travels in the file, so readers get the same types back). The rows,
 * shards and order come from the columnar sink Arrow uses; only the encoder differs.
 */
import type { RecordSink } from '../../write/sink.js';
import type { ArrowSteps } from '../arrow/arrow-steps.js';
import { createColumnarSink, isColumnarShardName, type ColumnarSinkOptions } from '../arrow/columnar-sink.js';

export const PARQUET_EXTENSION = '.parquet';

export function isParquetShardName(name: string): boolean {
  return isColumnarShardName(name, PARQUET_EXTENSION);
}

export function createParquetSink(options: ColumnarSinkOptions): RecordSink<ArrowSteps> {
  return createColumnarSink(
    {
      extension: PARQUET_EXTENSION,
      loadEncoder: async () => (await import('./parquet-encoder.js')).parquetEncoder,
      writeMetadata: async () => [],
    },
    options,
  );
}
