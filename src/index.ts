/**
 * rollout-kit as a library: convert Codex rollouts, or use the pipeline's stages
 * (read, decode, replay, translate, build) on their own.
 */
export { convert, ConvertUsageError, CONVERT_FORMATS } from './convert/convert.js';
export type { ConvertFormat, ConvertOptions, RunReport } from './convert/convert.js';
export { convertFile, sessionIdFromFileName } from './convert/convert-file.js';
export type { FileConversionResult, ConvertFileOptions } from './convert/convert-file.js';
export type { SessionStart, SessionProjection } from './projection/session-projection.js';

export { inputIssueSchema, issueCodeSchema, formatIssue } from './issues.js';
export type { InputIssue, IssueCode } from './issues.js';

export { discoverInputs } from './read/discover.js';
export type { DiscoverOptions, DiscoveryResult } from './read/discover.js';
export { readLines, readLineBatches } from './read/lines.js';
export type { InputFile } from './read/input-file.js';
export type { RawLine } from './read/raw-line.js';
export { InputReadError } from './read/input-read-error.js';

export { RolloutDecoder } from './rollout/decode.js';
export { detectGeneration } from './rollout/detect.js';
export type { RolloutGeneration } from './rollout/detect.js';
export type { RolloutRecord, RecordPosition } from './rollout/records.js';

export { SessionReplay } from './replay/session-replay.js';
export type { ReplayResult } from './replay/replay-result.js';

export { EventProcessor } from './translate/event-processor.js';
export type { EventProcessorOptions } from './translate/event-processor.js';
export { execDialectFor, EXEC_DIALECTS } from './translate/exec-dialect.js';
export type { ExecDialect } from './translate/exec-dialect.js';
export type { EventMsg } from './codex/event-msg.js';
export { threadEventSchema } from './translate/thread-events.js';
export type { ThreadEvent, ThreadItem } from './translate/thread-events.js';
export { serializeThreadEvent } from './translate/thread-event-json.js';

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

export { OUTPUT_FORMATS } from './formats/output-formats.js';
export type { OutputFormat } from './formats/output-formats.js';
export type { RecordSink, SessionWriter, SinkSummary, OutputFile } from './write/sink.js';
export { manifestSchema } from './schema/manifest-schema.js';
export type { Manifest } from './schema/manifest-schema.js';
