/**
 * The run's account of its files: what each produced, its issues and how far reading
 * has got. Files finish in any order (on worker threads); the ledger reports their
 * issues and results in input order, so the issue list is the same whatever `--jobs`
 * is, and it turns byte counts into progress.
 */
import type { InputIssue, IssueCode } from '../issues.js';
import type { InputFile } from '../read/input-file.js';
import { mergeRedactionCounts, redactText, type RedactionCounts } from '../redact/redact.js';
import type { FileConversionResult } from './convert-file.js';
import type { FilterName } from '../filter/session-filter.js';
import type { Anonymizer } from '../anonymize/anonymizer.js';

export type ConvertProgress = {
  files: { done: number; total: number };
  /** Input bytes (on disk) read so far, and in all. */
  bytes: { done: number; total: number };
  sessions: number;
};

type RunLedgerOptions = {
  /** Called with each issue, in input order, as soon as every earlier file is done. */
  onIssue?: ((issue: InputIssue) => void) | undefined;
  /** Where issues go, in input order (issues.jsonl): the ledger keeps only their counts. */
  writeIssue?: ((issue: InputIssue) => void) | undefined;
  /** Redact secrets in issue messages (they quote the lines they are about). */
  redact?: boolean | undefined;
  /** `--anonymize`: homes and user names in issues (their paths, their messages) and failed paths are replaced. */
  anonymizer?: Anonymizer | undefined;
  onProgress?: ((progress: ConvertProgress) => void) | undefined;
};

export class RunLedger {
  issueCount = 0;
  /** Secrets replaced, by kind, in every file's output and in the issue messages. */
  readonly redactions: RedactionCounts = {};
  readonly issuesByCode: Partial<Record<IssueCode, number>> = {};
  /** Input files that produced no session at all, in input order. */
  readonly failedFiles: string[] = [];
  sessions = 0;
  /** Sessions the filters left out, by the filter that dropped each. */
  readonly filtered: Partial<Record<FilterName, number>> = {};
  readonly totalBytes: number;
  /** Issues of discovery, which come first. */
  discoveryIssues = 0;
  /** The input (index into the run's files) of each record, in the order the sink placed them. */
  readonly recordInputs: number[] = [];
  /** Issues of each input that had any, by index into the run's files. */
  readonly issuesByInput = new Map<number, number>();
  private filesDone = 0;
  private bytesDone = 0;
  /** Bytes read of files still converting, for progress inside big files. */
  private readonly reading = new Map<number, number>();
  private readonly finished = new Map<number, FileConversionResult>();
  private readonly pendingIssues = new Map<number, InputIssue[]>();
  /** The first file whose issues are not reported yet. */
  private cursor = 0;

  constructor(
    private readonly files: readonly InputFile[],
    private readonly options: RunLedgerOptions = {},
  ) {
    this.totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  }

  get tracksReading(): boolean {
    return this.options.onProgress !== undefined;
  }

  /** Problems met before any file was read, and the paths they kept from being converted. */
  recordDiscovery(issues: readonly InputIssue[], skipped: readonly string[]): void {
    for (const issue of issues) this.emit(issue);
    this.discoveryIssues += issues.length;
    this.failedFiles.push(...skipped.map((path) => this.anonymize(path)));
  }

  issueFound(index: number, issue: InputIssue): void {
    this.issuesByInput.set(index, (this.issuesByInput.get(index) ?? 0) + 1);
    // Every earlier file is done: the issue is in order now (a file of millions of bad lines is never held).
    if (index === this.cursor) return this.emit(issue);
    const list = this.pendingIssues.get(index);
    if (list) list.push(issue);
    else this.pendingIssues.set(index, [issue]);
  }

  bytesRead(index: number, bytes: number): void {
    this.reading.set(index, Math.min(bytes, this.files[index]!.size));
    this.progress();
  }

  fileDone(index: number, result: FileConversionResult): void {
    this.finished.set(index, result);
    if (result.redactions) mergeRedactionCounts(this.redactions, result.redactions);
    this.reading.delete(index);
    this.filesDone++;
    this.bytesDone += this.files[index]!.size;
    if (result.converted) this.sessions++;
    if (result.filteredBy) this.filtered[result.filteredBy] = (this.filtered[result.filteredBy] ?? 0) + 1;
    this.advance();
    this.progress();
  }

  /**
   * An issue whose message was redacted when it was found (kept in an incremental run's
   * cache): `redactions` counts what that replaced. Only for the file now in order.
   */
  redactedIssueFound(index: number, issue: InputIssue, redactions: RedactionCounts): void {
    if (index !== this.cursor) throw new Error(`issue of file ${index} replayed out of order`);
    mergeRedactionCounts(this.redactions, redactions);
    this.emit(issue, false);
  }

  /** Reports what is in order now: the issues of the first file not done, and every file done before it. */
  private advance(): void {
    for (;;) {
      const pending = this.pendingIssues.get(this.cursor);
      if (pending) {
        this.pendingIssues.delete(this.cursor);
        for (const issue of pending) this.emit(issue);
      }
      const result = this.finished.get(this.cursor);
      if (!result) return;
      this.finished.delete(this.cursor);
      if (!result.converted && !result.empty && !result.filteredBy) this.failedFiles.push(this.anonymize(this.files[this.cursor]!.path));
      // A converted file's session is placed in input order, after every earlier file's.
      if (result.converted) this.recordInputs.push(this.cursor);
      this.cursor++;
    }
  }

  private anonymize(text: string): string {
    return this.options.anonymizer ? this.options.anonymizer.text(text) : text;
  }

  private emit(found: InputIssue, redact = this.options.redact): void {
    const redacted = redact ? { ...found, message: redactText(found.message, this.redactions) } : found;
    const issue = this.options.anonymizer ? { ...redacted, file: this.anonymize(redacted.file), message: this.anonymize(redacted.message) } : redacted;
    this.issueCount++;
    this.issuesByCode[issue.code] = (this.issuesByCode[issue.code] ?? 0) + 1;
    this.options.writeIssue?.(issue);
    this.options.onIssue?.(issue);
  }

  private progress(): void {
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    let partial = 0;
    for (const bytes of this.reading.values()) partial += bytes;
    onProgress({
      files: { done: this.filesDone, total: this.files.length },
      bytes: { done: this.bytesDone + partial, total: this.totalBytes },
      sessions: this.sessions,
    });
  }
}
