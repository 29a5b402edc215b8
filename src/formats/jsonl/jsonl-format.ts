import { rlProjection } from '../../projection/rl-projection.js';
import { validateJsonlFile } from '../../check/validate-jsonl-file.js';
import { createStreamSink } from '../../write/stream-sink.js';
import { TextStepEncoder, type TextSteps } from '../../write/text-steps.js';
import type { RlOutputFormat } from '../output-format.js';
import { createJsonlSink, isJsonlShardName, nameJsonlShards } from './jsonl-sink.js';

/** `--format jsonl` (the default, and what `--stdout` streams): one compact record per line. */
export const jsonlFormat: RlOutputFormat<TextSteps> = {
  name: 'jsonl',
  projection: rlProjection,
  rawToolOutputs: 'json',
  backlog: { kind: 'sessions', max: 4 },
  openSink: (options) => createJsonlSink({ outDir: options.outDir, shardBytes: options.shardBytes, shardRows: options.shardRows, previous: options.previous }),
  openStream: (stream) => createStreamSink({ stream }),
  createEncoder: () => new TextStepEncoder('compact'),
  // `trajectories*.jsonl` leaves issues.jsonl out. No features: datasets' JSON builder infers the types.
  datasetCard: { dataFiles: 'trajectories*.jsonl', typedColumns: false },
  merge: { kind: 'lines', nameShards: nameJsonlShards },
  layout: {
    isRecordFileName: (name) => isJsonlShardName(name),
    validateRecordFile: (ctx, file) => validateJsonlFile(ctx, file, 'trajectory'),
    holdsTrajectories: true,
    metadataFileNames: [],
  },
  looseFiles: [
    {
      matches: (name) => name.endsWith('.jsonl') || name.endsWith('.ndjson'),
      validate: async (ctx, file, schema) => {
        await validateJsonlFile(ctx, file, schema ?? (file.toLowerCase().endsWith('issues.jsonl') ? 'issue' : 'trajectory'));
      },
    },
  ],
};
