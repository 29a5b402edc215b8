/**
 * One input file converted into an output format's steps, wired the same way wherever it
 * runs (a one-thread run, the main thread or a worker of a `--jobs` run, an `--incremental`
 * run filling its cache, `stats` and `inspect` in memory): the format's projection writes
 * into the caller's writer through the redactor (when redacting, counting what it replaced
 * in this file), then the anonymizer, then the filters' gate.
 */
import type { Anonymizer } from '../anonymize/anonymizer.js';
import type { InputIssue } from '../issues.js';
import type { SessionFilters } from '../filter/session-filter.js';
import { createAnonymizingWriter } from '../projection/anonymization.js';
import { createRedactingWriter } from '../projection/redaction.js';
import type { ProjectionOptions, SessionStart, StepWriter } from '../projection/session-projection.js';
import type { InputFile } from '../read/input-file.js';
import type { RedactionCounts } from '../redact/redact.js';
import type { AnyOutputFormat } from './any-output-format.js';
import { convertFile, type FileConversionResult } from './convert-file.js';

/** Where a session's steps go: `cancel` lets the filters' gate drop a session it rejects. */
export type SessionWriter = StepWriter<unknown, unknown> & { cancel?: () => Promise<void> };

export type FormatConversion = {
  format: AnyOutputFormat;
  /** Opens the writer of the file's session, once the session starts. */
  openWriter: (start: SessionStart) => SessionWriter;
  /** Redact secrets; the result then holds this file's counts. */
  redact: boolean;
  anonymizer?: Anonymizer | null | undefined;
  projectionOptions?: ProjectionOptions | undefined;
  filters?: SessionFilters | undefined;
  readBufferSize?: number | undefined;
  /** Decode tool outputs even where the format copies them raw (`inspect` shows them). */
  decodeToolOutputs?: boolean | undefined;
  reportIssue: (issue: InputIssue) => void;
  onRead?: ((bytesRead: number) => void) | undefined;
};

export async function convertToFormat(file: InputFile, conversion: FormatConversion): Promise<FileConversionResult> {
  const { format, openWriter, anonymizer } = conversion;
  const redactions: RedactionCounts | null = conversion.redact ? {} : null;
  const converted = await convertFile(file, {
    openProjection: (start, gate) => {
      const target = gate ? gate.wrap(openWriter(start)) : openWriter(start);
      const anonymized = anonymizer ? createAnonymizingWriter(target, anonymizer) : target;
      return format.projection.open(start, redactions ? createRedactingWriter(anonymized, redactions) : anonymized);
    },
    rawToolOutputs: conversion.decodeToolOutputs ? undefined : format.rawToolOutputs,
    projectionOptions: conversion.projectionOptions,
    filters: conversion.filters,
    readBufferSize: conversion.readBufferSize,
    reportIssue: conversion.reportIssue,
    onRead: conversion.onRead,
  });
  return redactions ? { ...converted, redactions } : converted;
}
