/**
 * A list of files converted into one sink, on the calling thread alone or with workers
 * (file-pool.ts): `convert` runs it over every input into the run's sink, an `--incremental`
 * run over the new and changed ones into their cache entries. Either way sessions are opened
 * in file order, so what is written does not depend on the threads.
 */
import { Anonymizer, type AnonymizeSettings } from '../anonymize/anonymizer.js';
import type { SessionFilters } from '../filter/session-filter.js';
import type { InputIssue } from '../issues.js';
import type { ProjectionOptions } from '../projection/session-projection.js';
import type { InputFile } from '../read/input-file.js';
import type { SessionWriter } from '../write/sink.js';
import type { AnyOutputFormat } from './any-output-format.js';
import type { FileConversionResult } from './convert-file.js';
import { convertToFormat } from './convert-to-format.js';
import { convertInParallel } from './file-pool.js';

export type FilesConversion = {
  files: readonly InputFile[];
  /** Threads converting: the calling thread and `threads - 1` workers; 1 converts on the calling thread alone. */
  threads: number;
  format: AnyOutputFormat;
  /**
   * The writer of the session of `files[position]`, opened in file order: on the calling
   * thread once the session starts; with workers, for every file (a file without a session
   * cancels its writer).
   */
  openSession(position: number): SessionWriter<unknown, unknown, unknown>;
  redact: boolean;
  anonymize: AnonymizeSettings | undefined;
  projectionOptions: ProjectionOptions;
  filters: SessionFilters | undefined;
  /** `position`: the file's index in `files`. */
  onIssue(position: number, issue: InputIssue): void;
  /** Bytes read so far in a file; absent when nobody follows the reading. */
  onRead: ((position: number, bytes: number) => void) | undefined;
  /** Once per file, when its session (if any) was handed to the sink; the conversion awaits what it returns. */
  onFileDone(position: number, result: FileConversionResult): void | Promise<void>;
};

export async function convertFiles(run: FilesConversion): Promise<void> {
  const { files, format, openSession, onIssue, onRead, onFileDone } = run;
  if (run.threads > 1 && files.length > 1) {
    const pending: Promise<void>[] = [];
    // The pool opens one session per file, in the order of the files.
    let opened = 0;
    await convertInParallel({
      files,
      jobs: run.threads,
      format,
      sink: { beginSession: () => openSession(opened++) },
      redact: run.redact,
      anonymize: run.anonymize,
      projectionOptions: run.projectionOptions,
      filters: run.filters,
      onIssue,
      onRead: onRead ?? (() => undefined),
      onFileDone: (position, result) => {
        const done = onFileDone(position, result);
        if (!done) return;
        // Awaited below, once the pool is done: a failure meanwhile is not unhandled.
        done.catch(() => undefined);
        pending.push(done);
      },
    });
    await Promise.all(pending);
    return;
  }
  const anonymizer = run.anonymize ? new Anonymizer(run.anonymize) : null;
  for (const [position, file] of files.entries()) {
    const converted = await convertToFormat(file, {
      format,
      openWriter: () => openSession(position),
      redact: run.redact,
      anonymizer,
      projectionOptions: run.projectionOptions,
      filters: run.filters,
      reportIssue: (issue) => onIssue(position, issue),
      onRead: onRead ? (bytes) => onRead(position, bytes) : undefined,
    });
    await onFileDone(position, converted);
  }
}
