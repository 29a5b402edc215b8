import { rlProjection } from '../../projection/rl-projection.js';
import type { RlOutputFormat } from '../output-format.js';
import { arrowFormat } from '../arrow/arrow-format.js';
import { ArrowStepEncoder, type ArrowSteps } from '../arrow/arrow-steps.js';
import { createParquetSink, isParquetShardName } from './parquet-sink.js';

/**
 * `--format parquet`: Parquet shards of the trajectory records, the Hugging Face Hub's
 * native format (DuckDB, polars, pyarrow and `datasets.load_dataset("parquet")` read them).
 * Steps are encoded as Arrow column chunks by the workers, exactly as for Arrow, and the
 * session's row is built in memory the same way, so the same backlog and size limit apply.
 */
export const parquetFormat: RlOutputFormat<ArrowSteps> = {
  name: 'parquet',
  projection: rlProjection,
  rawToolOutputs: 'utf8',
  backlog: arrowFormat.backlog,
  openSink: (options) => createParquetSink({ outDir: options.outDir, shardBytes: options.shardBytes, shardRows: options.shardRows, previous: options.previous }),
  createEncoder: () => new ArrowStepEncoder(),
  holdsSessions: { reason: "Parquet output holds each session in memory while it builds the session's row", memoryPerInputByte: arrowFormat.holdsSessions?.memoryPerInputByte ?? null },
  datasetCard: { dataFiles: 'data-*.parquet', typedColumns: true },
  merge: {
    kind: 'sessions',
    async *readSessions(file) {
      const { readParquetSessions } = await import('./read-parquet-sessions.js');
      yield* readParquetSessions(file);
    },
  },
  layout: {
    isRecordFileName: isParquetShardName,
    async validateRecordFile(ctx, file) {
      const { validateParquetFile } = await import('./validate-parquet-file.js');
      return validateParquetFile(ctx, file);
    },
    holdsTrajectories: true,
    metadataFileNames: [],
  },
  looseFiles: [
    {
      matches: (name) => name.endsWith('.parquet'),
      validate: async (ctx, file) => {
        const { validateParquetFile } = await import('./validate-parquet-file.js');
        await validateParquetFile(ctx, file);
      },
    },
  ],
};
