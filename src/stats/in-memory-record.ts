/**
 * A rollout converted in memory into the RL record, as `convert` builds it (redacted unless
 * told otherwise, the issue messages too), for `stats` and `inspect`: its steps and summary are handed over as they
 * are built; nothing is encoded or written.
 */
import { convertToFormat } from '../convert/convert-to-format.js';
import type { FileConversionResult } from '../convert/convert-file.js';
import { jsonlFormat } from '../formats/jsonl/jsonl-format.js';
import type { InputIssue } from '../issues.js';
import type { SessionStart } from '../projection/session-projection.js';
import type { InputFile } from '../read/input-file.js';
import { redactText } from '../redact/redact.js';
import type { BuiltStep } from '../trajectory/built-step.js';
import type { SessionSummary } from '../trajectory/rl-schema.js';

export type InMemoryRecord = {
  redact: boolean;
  /** Decode tool outputs (`inspect` shows them); otherwise they stay raw, as convert copies them. */
  decodeToolOutputs?: boolean | undefined;
  onSessionStart?: ((start: SessionStart) => void) | undefined;
  /** A tool output step holds its output raw unless `decodeToolOutputs`. */
  onStep: (step: BuiltStep) => void;
  onSummary: (summary: SessionSummary) => void;
  reportIssue: (issue: InputIssue) => void;
};

export function convertToRecordInMemory(file: InputFile, record: InMemoryRecord): Promise<FileConversionResult> {
  const writer = {
    writeStep: (step: unknown) => record.onStep(step as BuiltStep),
    end: async (summary: unknown) => record.onSummary(summary as SessionSummary),
  };
  return convertToFormat(file, {
    format: jsonlFormat,
    openWriter: (start) => {
      record.onSessionStart?.(start);
      return writer;
    },
    redact: record.redact,
    decodeToolOutputs: record.decodeToolOutputs,
    // An issue's message can quote the rollout (an unknown type's name): redacted as convert's
    // run ledger redacts the ones it reports.
    reportIssue: record.redact ? (issue) => record.reportIssue({ ...issue, message: redactText(issue.message) }) : record.reportIssue,
  });
}
