/**
 * `issues.jsonl`, written as the run reports issues (in input order), so a run keeps
 * only their counts in memory however many lines are bad.
 */
import path from 'node:path';
import type { InputIssue } from '../issues.js';
import { AtomicFile } from './atomic-file.js';
import type { OutputFile } from './sink.js';

export const ISSUES_FILE_NAME = 'issues.jsonl';

export class IssuesFile {
  private rows = 0;
  private failure: unknown;

  private constructor(
    private readonly dir: string,
    private readonly file: AtomicFile,
  ) {}

  static async create(dir: string): Promise<IssuesFile> {
    return new IssuesFile(dir, await AtomicFile.create(dir, ISSUES_FILE_NAME));
  }

  append(issue: InputIssue): void {
    this.rows++;
    // AtomicFile.write does its work before it returns (blocking writes): lines stay in order
    // without chaining a promise per issue, which millions of bad lines would pile up.
    this.file.write(`${JSON.stringify(issue)}\n`).catch((error: unknown) => void (this.failure ??= error));
  }

  async finish(): Promise<OutputFile> {
    if (this.failure !== undefined) throw this.failure;
    const { bytes, sha256 } = await this.file.finish();
    await this.file.moveTo(path.join(this.dir, ISSUES_FILE_NAME));
    return { path: ISSUES_FILE_NAME, kind: 'issues', rows: this.rows, bytes, sha256 };
  }

  async discard(): Promise<void> {
    await this.file.discard();
  }
}
