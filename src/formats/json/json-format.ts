import { rlProjection } from '../../projection/rl-projection.js';
import { validateJsonFile } from '../../check/validate-json-file.js';
import { TextStepEncoder, type TextSteps } from '../../write/text-steps.js';
import type { RlOutputFormat } from '../output-format.js';
import { createJsonSink } from './json-sink.js';

/** `--format json`: one pretty-printed record per session, `<session_id>.json`. */
export const jsonFormat: RlOutputFormat<TextSteps> = {
  name: 'json',
  projection: rlProjection,
  rawToolOutputs: 'json',
  // A file per session: the sink falls behind the converting threads more easily.
  backlog: { kind: 'sessions', max: 4 },
  openSink: (options) => createJsonSink({ outDir: options.outDir, previous: options.previous }),
  createEncoder: () => new TextStepEncoder('pretty'),
  merge: { kind: 'session-files' },
  layout: {
    isRecordFileName: (name) => name.endsWith('.json'),
    validateRecordFile: (ctx, file) => validateJsonFile(ctx, file, 'trajectory'),
    holdsTrajectories: true,
    metadataFileNames: [],
  },
  // Any file no other format claims is read as one JSON document (validate-paths.ts).
  looseFiles: [],
};
