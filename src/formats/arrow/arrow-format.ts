import { rlProjection } from '../../projection/rl-projection.js';
import type { RlOutputFormat } from '../output-format.js';
import { createArrowSink, isArrowShardName } from './arrow-sink.js';
import { ArrowStepEncoder, type ArrowSteps } from './arrow-steps.js';
import { DATASET_INFO_FILE_NAME, STATE_FILE_NAME } from './hf-file-names.js';

/**
 * Rollout bytes of the Arrow sessions that may wait to be written before workers pause
 * (Arrow keeps their column chunks, about 0.6x the rollout, in memory). The bytes, not a
 * session count, bound Arrow's memory; 48 MB rather than 12 halved the worker's idle time
 * (183 -> 78-115 ms on the 200 MB corpus) at 318-336 MB peak RSS on the 2 GB one.
 */
const MAX_WAITING_ARROW_INPUT_BYTES = 48 * 1024 * 1024;

/**
 * `--format arrow`: Arrow IPC shards with typed columns, in the Hugging Face layout.
 * apache-arrow is loaded only when a shard is written or checked (the worker threads
 * that build column chunks never load it).
 */
export const arrowFormat: RlOutputFormat<ArrowSteps> = {
  name: 'arrow',
  projection: rlProjection,
  // Tool outputs go into string columns as UTF-8 bytes, decoded once by the decoder.
  rawToolOutputs: 'utf8',
  backlog: { kind: 'input-bytes', max: MAX_WAITING_ARROW_INPUT_BYTES },
  openSink: (options) =>
    createArrowSink({ outDir: options.outDir, ipc: options.arrowIpc, shardBytes: options.shardBytes, shardRows: options.shardRows, previous: options.previous }),
  createEncoder: () => new ArrowStepEncoder(),
  holdsSessions: {
    reason: "Arrow output holds each session in memory while it builds the session's row",
    // Measured on the benchmark's 1074 MB session: 1454 MB peak RSS (the column data is about 0.6x the rollout, held twice).
    memoryPerInputByte: 1.4,
  },
  // datasets' arrow builder reads the shards (the card's header names them); their column types are exact.
  datasetCard: { dataFiles: 'data-*.arrow', typedColumns: true },
  merge: {
    kind: 'sessions',
    async *readSessions(file) {
      const { readArrowSessions } = await import('./read-arrow-records.js');
      yield* readArrowSessions(file);
    },
  },
  layout: {
    isRecordFileName: isArrowShardName,
    async validateRecordFile(ctx, file) {
      const { validateArrowFile } = await import('./validate-arrow-file.js');
      return (await validateArrowFile(ctx, file)).rows;
    },
    holdsTrajectories: true,
    metadataFileNames: [DATASET_INFO_FILE_NAME, STATE_FILE_NAME],
    async validateMetadataFile(ctx, dir, file, recordFiles) {
      const { validateArrowMetadataFile } = await import('./validate-arrow-metadata.js');
      const { readdir } = await import('node:fs/promises');
      const shards = recordFiles ?? (await readdir(dir)).filter(isArrowShardName).sort();
      await validateArrowMetadataFile(ctx, file, shards);
    },
  },
  looseFiles: [
    {
      matches: (name) => name.endsWith('.arrow') || name.endsWith('.arrows') || name.endsWith('.ipc'),
      validate: async (ctx, file) => {
        const { validateArrowFile } = await import('./validate-arrow-file.js');
        await validateArrowFile(ctx, file);
      },
    },
  ],
};
