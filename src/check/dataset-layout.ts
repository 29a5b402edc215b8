/**
 * What `validate` needs to know of an output format's files: which names are its
 * record files, how to check one, and the metadata files it writes beside them.
 * Each format describes itself (formats/<name>/); the directory checks know none.
 */
import type { SchemaName } from './schema-validators.js';
import type { ValidationContext } from './validation-context.js';

export interface DatasetLayout {
  /** Whether a file name is one of this format's record files (a file beside a manifest that does not list it is reported). */
  isRecordFileName(name: string): boolean;
  /** Checks one record file; returns the rows (records, or event lines) it holds. */
  validateRecordFile(ctx: ValidationContext, file: string): Promise<number>;
  /** Whether the rows are trajectory records, whose totals the manifest states. */
  readonly holdsTrajectories: boolean;
  /** Files the format writes beside its records that describe them (e.g. dataset_info.json). */
  readonly metadataFileNames: readonly string[];
  /** Checks one of those files against the record files (null: no manifest lists them). */
  validateMetadataFile?(ctx: ValidationContext, dir: string, file: string, recordFiles: readonly string[] | null): Promise<void>;
}

/** How a single file found without a manifest is checked, by its name. */
export interface LooseFileCheck {
  /** Whether this check reads the file (by extension, and the `--schema` override when given). */
  matches(lowerCaseName: string, schema?: SchemaName): boolean;
  validate(ctx: ValidationContext, file: string, schema: SchemaName | undefined): Promise<void>;
  /** Tried before the other formats' checks: its names are also another format's (`messages.jsonl` is JSONL too). */
  readonly narrower?: true;
}
