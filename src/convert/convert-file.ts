/**
 * One input file through the pipeline: read lines, decode records, replay, and
 * feed the output projection. Bad input never throws out of here: it becomes
 * issues, and whatever the file holds up to the damage is still converted.
 */
import type { InputIssue } from '../issues.js';
import type { RedactionCounts } from '../redact/redact.js';
import type { InputFile } from '../read/input-file.js';
import { InputReadError } from '../read/input-read-error.js';
import { readByteLineBatches, readLineBatches } from '../read/lines.js';
import { RolloutDecoder } from '../rollout/decode.js';
import type { RawToolOutputForm } from '../rollout/tool-output-line.js';
import type { RolloutGeneration } from '../rollout/detect.js';
import type { RolloutRecord } from '../rollout/records.js';
import { SessionReplay } from '../replay/session-replay.js';
import type { ProjectionOptions, SessionProjection, SessionStart } from '../projection/session-projection.js';
import { SessionGate } from '../filter/session-facts.js';
import { hasFilters, type FilterName, type SessionFilters } from '../filter/session-filter.js';

export type FileConversionResult = {
  /** The file produced its session record. */
  converted: boolean;
  /**
   * The file holds no line at all: a session Codex has just created, with nothing written
   * yet. It is an `empty_file` issue, not a file that could not be converted.
   */
  empty?: boolean;
  /** Secrets replaced in what the file's session wrote, by kind (when redaction is on). */
  redactions?: RedactionCounts;
  /** JSON objects parsed (the record's raw_item_count). */
  parsedLines: number;
  /** The session was read whole and dropped by this filter (`converted` is then false). */
  filteredBy?: FilterName;
};

export type ConvertFileOptions = {
  /** `gate`, when filters are on, wraps the session's writer (innermost: around the sink's own). */
  openProjection: (start: SessionStart, gate: SessionGate | null) => SessionProjection;
  /** Sessions these filters drop are cancelled before they are placed. */
  filters?: SessionFilters | undefined;
  reportIssue: (issue: InputIssue) => void;
  readBufferSize?: number | undefined;
  /** Progress: called with the bytes read so far (uncompressed files only: compressed sizes differ). */
  onRead?: ((bytesRead: number) => void) | undefined;
  /**
   * Tool outputs stay out of the JS heap (see RolloutDecoderOptions): for projections that
   * copy them unchanged (the RL record), never for thread events, whose replay reads them.
   */
  rawToolOutputs?: RawToolOutputForm | undefined;
  /** Options that change the projected record (rolled-back turns). */
  projectionOptions?: ProjectionOptions | undefined;
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export async function convertFile(file: InputFile, options: ConvertFileOptions): Promise<FileConversionResult> {
  const report = (line: number | null, code: InputIssue['code'], message: string) => options.reportIssue({ file: file.path, line, code, message });
  const decoder = new RolloutDecoder(report, { rawToolOutputs: options.rawToolOutputs });
  // Set from inside pushRecords: typed through a holder so the checks below are not narrowed away.
  const state: { session: { replay: SessionReplay; projection: SessionProjection; gate: SessionGate | null } | null } = { session: null };
  let sawLine = false;
  let readFailed = false;
  let bytesRead = 0;
  const onRead = options.onRead;
  const onChunk = onRead && file.compression === 'none' ? (bytes: number) => onRead((bytesRead += bytes)) : undefined;

  const pushRecords = async (records: RolloutRecord[]): Promise<void> => {
    for (const record of records) {
      const session = (state.session ??= startSession(file, decoder.generation ?? 'wrapped', record, options));
      session.gate?.observe(record);
      const events = session.replay.push(record);
      await session.projection.push(record, events, session.replay.position);
    }
  };

  try {
    const readOptions = { bufferSize: options.readBufferSize, onChunk };
    if (options.rawToolOutputs) {
      // Each batch is done with before the next is read: line bytes are views into the read buffer.
      for await (const batch of readByteLineBatches(file, readOptions)) {
        for (const line of batch) {
          sawLine = true;
          await pushRecords(decoder.pushBytes(line));
        }
      }
    } else {
      for await (const batch of readLineBatches(file, readOptions)) {
        for (const line of batch) {
          sawLine = true;
          await pushRecords(decoder.push(line));
        }
      }
    }
  } catch (error) {
    if (!(error instanceof InputReadError)) throw error;
    const session = state.session;
    report(null, 'read_error', `${error.message}${session ? ' (the session was converted up to this point)' : ''}`);
    readFailed = true;
  }
  // A whole-file JSON document (G0) is decoded once all of it is read.
  await pushRecords(decoder.finish());

  const session = state.session;
  if (!session) {
    // An empty rollout (a session just created, nothing written yet; blank lines are no
    // lines) holds no session: the run reports it, and does not count it as a file that
    // failed. A file that could not be read is not empty: its read_error says why.
    if (!sawLine && !readFailed) {
      report(null, 'empty_file', 'the file holds no line');
      return { converted: false, empty: true, parsedLines: 0 };
    }
    if (decoder.parsedCount > 0 && decoder.generation !== null) report(null, 'no_session', 'the file holds no session header and no conversation item');
    return { converted: false, parsedLines: decoder.parsedCount };
  }
  await session.projection.pushTrailing(session.replay.finish());
  const result = session.replay.result();
  session.gate?.replayed(result);
  await session.projection.finish(result, decoder.parsedCount);
  const filteredBy = session.gate?.rejectedBy;
  if (filteredBy) return { converted: false, filteredBy, parsedLines: decoder.parsedCount };
  return { converted: true, parsedLines: decoder.parsedCount };
}

function startSession(file: InputFile, generation: RolloutGeneration, firstRecord: RolloutRecord, options: ConvertFileOptions) {
  const start: SessionStart = {
    generation,
    firstRecord,
    sourcePath: file.sourcePath ?? file.path,
    fallbackSessionId: sessionIdFromFileName(file.path),
    options: options.projectionOptions,
  };
  const gate = hasFilters(options.filters) ? new SessionGate(options.filters, options.projectionOptions?.keepRolledBack === true) : null;
  const projection = options.openProjection(start, gate);
  return { replay: new SessionReplay({ generation, toolEvents: projection.toolEvents !== false }), projection, gate };
}

/** Rollout files are named `rollout-<time>-<uuid>.jsonl`: the last UUID in the name is the session id. */
export function sessionIdFromFileName(filePath: string): string {
  const base = filePath.split(/[\\/]/).pop() ?? filePath;
  const ids = base.match(UUID);
  return ids?.[ids.length - 1] ?? base.replace(/\.jsonl(\.gz|\.zst)?$/, '');
}
