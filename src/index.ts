/**
 * rollout-kit as a library. `convert` runs a whole conversion and `validatePaths`
 * checks its output; the stages are exported for callers that assemble their own
 * pipeline (read → decode → replay → translate or build → write).
 */

/** A whole run: discover inputs, convert each file into an output format, write the dataset. */
export { convert, ConvertUsageError, ConvertOutputError, CONVERT_FORMATS } from './convert/convert.js';
export type { ConvertFormat, ConvertOptions, ConvertProgress, RunReport } from './convert/convert.js';
/** One file through the pipeline into a projection of your own. */
export { convertFile, sessionIdFromFileName } from './convert/convert-file.js';
export type { FileConversionResult, ConvertFileOptions } from './convert/convert-file.js';
export type { SessionStart, SessionProjection, StepWriter } from './projection/session-projection.js';

/** Check output files and directories against the published schemas and their manifest. */
export { validatePaths, summarizeValidation } from './validate/validate-paths.js';
export type { ValidateOptions, ValidationReport } from './validate/validate-paths.js';

/** Bad input: one record per problem, never an exception. */
export { inputIssueSchema, issueCodeSchema, formatIssue } from './issues.js';
export type { InputIssue, IssueCode } from './issues.js';

/** Stage 1: find rollout files and read their lines. */
export { discoverInputs } from './read/discover.js';
export type { DiscoverOptions, DiscoveryResult } from './read/discover.js';
export { readLines, readLineBatches } from './read/lines.js';
export type { InputFile } from './read/input-file.js';
export type { RawLine } from './read/raw-line.js';
export { InputReadError } from './read/input-read-error.js';

/** Stage 2: decode lines of any generation into canonical records. */
export { RolloutDecoder } from './rollout/decode.js';
export { detectGeneration } from './rollout/detect.js';
export type { RolloutGeneration } from './rollout/detect.js';
export type { RolloutRecord, RecordPosition } from './rollout/records.js';

/** Stage 3: replay records into the EventMsg stream Codex emitted live. */
export { SessionReplay } from './replay/session-replay.js';
export type { ReplayResult } from './replay/replay-result.js';
export type { EventMsg } from './codex/event-msg.js';

/** Stage 4a: the `codex exec --json` translator (EventMsg → ThreadEvent). */
export { EventProcessor } from './translate/event-processor.js';
export type { EventProcessorOptions } from './translate/event-processor.js';
export { execDialectFor, EXEC_DIALECTS } from './translate/exec-dialect.js';
export type { ExecDialect } from './translate/exec-dialect.js';
export { threadEventSchema } from './translate/thread-events.js';
export type { ThreadEvent, ThreadItem } from './translate/thread-events.js';
export { serializeThreadEvent } from './translate/thread-event-json.js';

/** Stage 4b: the RL trajectory record and its builder. */
export { RlTrajectoryBuilder } from './trajectory/rl.js';
export {
  trajectoryRecordSchema,
  trajectoryStepSchema,
  sessionSummarySchema,
  turnSchema,
  assembleRecord,
  TRAJECTORY_STEP_TYPES,
} from './trajectory/rl-schema.js';
export type { TrajectoryRecord, TrajectoryStep, SessionSummary, Turn } from './trajectory/rl-schema.js';
export type { Outcome } from './codex/outcome.js';

/** Stage 5: the output formats and their sinks. */
export { OUTPUT_FORMATS } from './formats/output-formats.js';
export type { OutputFormat } from './formats/output-formats.js';
export type { RecordSink, SessionSink, SessionWriter, SinkSummary, OutputFile } from './write/sink.js';
export { manifestSchema } from './schema/manifest-schema.js';
export type { Manifest } from './schema/manifest-schema.js';
