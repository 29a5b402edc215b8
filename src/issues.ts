/**
 * Bad input never throws: it becomes an issue record, counted in the run report
 * and written to `<out>/issues.jsonl`, and the rest of the input still converts.
 */
import { z } from 'zod';

export const issueCodeSchema = z.enum([
  /** The line is not valid JSON. */
  'invalid_json',
  /** The last line of the file has no newline and does not parse: a write was cut short. */
  'truncated_line',
  /** The line is JSON but not of the shape its type requires. */
  'invalid_shape',
  /** A line type, response item type or event type this version of rollout-kit does not know. */
  'unknown_type',
  /** The bytes of the line are not valid UTF-8 (decoded with replacement characters). */
  'invalid_utf8',
  /** The file holds no line at all. */
  'empty_file',
  /** The file's format could not be recognised as any Codex rollout generation. */
  'unsupported_format',
  /** The file holds no session: no session header and no conversation item. */
  'no_session',
  /**
   * A file or directory could not be read (permissions, I/O error, corrupt compression, a
   * link to nothing, a link cycle, a path too long), or an input could not be examined.
   */
  'read_error',
  /** An input (file, directory, glob) that gave no rollout file, in a run where others did. */
  'unmatched_input',
  /**
   * A path a search passed over on purpose: a FIFO, socket or device named like a rollout
   * (reading it could wait forever), or a symbolic link to a directory (not followed).
   */
  'skipped_path',
  /** The file's path is not valid UTF-8: it was read by its bytes, and is shown with `\xHH` escapes. */
  'invalid_file_name',
]);
export type IssueCode = z.infer<typeof issueCodeSchema>;

export const inputIssueSchema = z.object({
  file: z.string(),
  /** 1-based line number; null when the issue concerns the whole file. */
  line: z.number().int().positive().nullable(),
  code: issueCodeSchema,
  message: z.string(),
});
export type InputIssue = z.infer<typeof inputIssueSchema>;

export function formatIssue(issue: InputIssue): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}`;
  return `${where}: ${issue.code}: ${issue.message}`;
}
