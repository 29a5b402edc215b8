import type { IssueCode } from '../issues.js';

/** Decoders report bad input through this; the caller adds the file name. */
export type IssueReporter = (line: number | null, code: IssueCode, message: string) => void;
