import { validateJsonFile } from '../../check/validate-json-file.js';
import type { AtifStep } from '../../trajectory/atif-schema.js';
import type { OutputFormatDescriptor } from '../output-format.js';
import { AtifStepEncoder, type AtifStepTexts } from './atif-encoder.js';
import { atifProjection, type AtifSessionEnd } from './atif-projection.js';
import { createAtifFileSink } from './atif-sink.js';
import { ATIF_FILE_SUFFIX } from './atif-file-name.js';
import { validateAtifFile } from './validate-atif-file.js';

export type AtifOutputFormat = OutputFormatDescriptor<AtifStep, AtifStepTexts, AtifSessionEnd>;

/** `--format atif`: one ATIF v1.7 trajectory (Harbor RFC 0001) per session, `<session_id>.atif.json`. */
export const atifFormat: AtifOutputFormat = {
  name: 'atif',
  projection: atifProjection,
  // The mapping reads every output's text: the decoder hands it over decoded.
  rawToolOutputs: undefined,
  // A file per session, each held whole until it ends (like json).
  backlog: { kind: 'sessions', max: 4 },
  // Its steps are kept (serialized) until the session ends and its document is written.
  holdsSessions: { reason: "ATIF output holds each session's steps in memory until it writes the session's document", memoryPerInputByte: null },
  openSink: (options) => createAtifFileSink(options.outDir, options.previous),
  createEncoder: () => new AtifStepEncoder(),
  merge: { kind: 'session-files' },
  layout: {
    isRecordFileName: (name) => name.endsWith(ATIF_FILE_SUFFIX),
    validateRecordFile: validateAtifFile,
    holdsTrajectories: false,
    metadataFileNames: [],
  },
  // `*.atif.json`, or any JSON file with `--schema atif` (a Harbor trajectory.json): schema and rules.
  looseFiles: [
    {
      matches: (name, schema) => (schema === undefined && name.endsWith(ATIF_FILE_SUFFIX)) || (schema === 'atif' && name.endsWith('.json')),
      validate: async (ctx, file, schema) => void (await (schema === undefined || schema === 'atif' ? validateAtifFile(ctx, file) : validateJsonFile(ctx, file, schema))),
    },
  ],
};
