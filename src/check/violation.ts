/** One way an output departs from its schema or its manifest, with where it is. */
export type Violation = {
  /** The file, as the user named it (or joined from the directory they named). */
  file: string;
  /** 1-based line, for JSONL files. */
  line?: number | undefined;
  /** 0-based row, for Arrow shards. */
  row?: number | undefined;
  /** JSON path inside the record (`$.trajectory[3].content`), when the problem is in one. */
  path?: string | undefined;
  message: string;
};

export function formatViolation(violation: Violation): string {
  let where = violation.file;
  if (violation.line !== undefined) where += `:${violation.line}`;
  if (violation.row !== undefined) where += ` row ${violation.row}`;
  const inside = violation.path === undefined ? '' : ` ${violation.path}`;
  return `${where}:${inside} ${violation.message}`;
}

/** Receives violations as they are found (the CLI prints them at once). */
export type ViolationSink = (violation: Violation) => void;
