/**
 * `manifest.json`: what a run wrote, so a dataset can be checked without re-running
 * (`rollout-kit validate <dir>` re-hashes every file and re-counts every row).
 * It holds no timestamp and no absolute path: re-running over the same input gives
 * the same bytes.
 */
import { z } from 'zod';
import { issueCodeSchema } from '../issues.js';
import { TRAJECTORY_STEP_TYPES } from '../trajectory/rl-schema.js';
import { arrowIpcFormatSchema, outputFormatSchema } from './output-format-names.js';

const count = z.number().int().nonnegative();

const manifestFileSchema = z.object({
  /** Relative to the manifest's directory, `/`-separated. */
  path: z.string().min(1),
  /** `records`: trajectory records; `issues`: issues.jsonl; `metadata`: dataset_info.json, state.json. */
  kind: z.enum(['records', 'issues', 'metadata']),
  /** Records (or issue lines) in the file; null for metadata files. */
  rows: count.nullable(),
  bytes: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

/**
 * Whether a listed path names a file under the manifest's directory: relative, no `..`, no
 * empty part. A manifest edited to list `../x` must not make a reader, or `merge` (which
 * copies session files by their listed path), reach outside the dataset.
 */
export function isPathInDataset(listed: string): boolean {
  return !/^[A-Za-z]:/.test(listed) && listed.split(/[\\/]/).every((part) => part !== '' && part !== '..');
}

const stepCountsSchema = z.object(
  Object.fromEntries(TRAJECTORY_STEP_TYPES.map((type) => [type, count])) as Record<(typeof TRAJECTORY_STEP_TYPES)[number], typeof count>,
);

const countsByName = z.record(z.string(), count);

/** The dataset card's figures over a part's sessions, so that `merge` can add the parts' up. */
const partCardStatsSchema = z.object({
  sessions: count,
  turns: count,
  outcomes: countsByName,
  models: countsByName,
  codex_versions: countsByName,
  /** Earliest and latest session start (ISO 8601), null when no session has one. */
  first_start: z.string().nullable(),
  last_start: z.string().nullable(),
});
export type PartCardStats = z.infer<typeof partCardStatsSchema>;

/**
 * What a part of a partitioned run (`--partition i/n`) adds to its manifest so that
 * `rollout-kit merge` can put the parts together exactly as one run over every input
 * would have written them. Input positions are indexes into the whole split's sorted
 * inputs, which every part discovers alike.
 */
export const partitionSchema = z.object({
  /** This part (1-based) and the number of parts. */
  index: count.min(1),
  count: count.min(1),
  /** How inputs were assigned to parts; parts of different splits never merge. */
  split: z.string(),
  /** Every input of the split (all parts): how many, and the SHA-256 of their paths, one per line, in order. */
  inputs: z.object({ count, paths_sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Options that shape the output's bytes beyond the fields above. */
  options: z.object({ shard_bytes: count.nullable(), shard_rows: count.nullable(), keep_rolled_back: z.boolean() }),
  /** Issues.jsonl starts with this many issues of discovery (part 1 only). */
  discovery_issues: count,
  /** The input position of each record, in the order the part wrote them. */
  records: z.array(count),
  /** `[input position, issues]` of each input that had issues, in order. */
  issues: z.array(z.tuple([count, count.min(1)])),
  /** The dataset card's figures, for formats that write a card (else null). */
  card: partCardStatsSchema.nullable(),
});
export type ManifestPartition = z.infer<typeof partitionSchema>;

/** A session found in several input files: the file converted and those left out (README "Duplicates"). */
export const duplicateSessionSchema = z.object({
  session_id: z.string(),
  /** The input converted, as given or found. */
  used: z.string(),
  /** The inputs left out, in path order. */
  skipped: z.array(z.string()),
  /** `same_session`: the files hold one session id; `resumed_copy`: a legacy resume file repeats the skipped ones. */
  reason: z.enum(['same_session', 'resumed_copy']),
});
export type DuplicateSession = z.infer<typeof duplicateSessionSchema>;

export const manifestSchema = z.object({
  /** Version of the record and manifest schemas the files follow. */
  schema_version: z.string(),
  /** `$id` of the JSON Schema every record validates against. */
  record_schema: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  format: outputFormatSchema,
  /** The Arrow IPC flavour for `format: "arrow"`, else null. */
  arrow_ipc: arrowIpcFormatSchema.nullable(),
  /** Whether secrets were redacted, and with which version of the pattern set (null when off). */
  redaction: z.object({ enabled: z.boolean(), pattern_set: z.string().nullable() }),
  /**
   * Present (true) when the run anonymized paths (`--anonymize`): homes are `~`, user names
   * `<user>`, `source_path` is relative to its input root.
   */
  anonymized: z.literal(true).optional(),
  /**
   * Present when the run filtered sessions: each filter as given on the command line
   * (`since`/`until` as ISO times), and how many sessions each one left out.
   */
  filters: z
    .object({
      applied: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
      dropped: z.record(z.string(), count),
    })
    .optional(),
  /** Present when sessions were found in more than one input file: one entry per session, by used path. */
  duplicates: z.array(duplicateSessionSchema).optional(),
  /** Every file the run wrote, sorted by path. */
  files: z.array(manifestFileSchema),
  totals: z.object({
    sessions: count,
    steps: count,
    steps_by_type: stepCountsSchema,
    /** Bad-input issues recorded (also written to issues.jsonl). */
    issues: count,
    issues_by_code: z.partialRecord(issueCodeSchema, count),
  }),
  inputs: z.object({
    /** Input files read. */
    count,
    /** Their total size in bytes, as read (compressed size for .gz/.zst). */
    bytes: count,
  }),
  /** Present in the output of one part of a partitioned run, absent once the parts are merged. */
  partition: partitionSchema.optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const MANIFEST_FILE_NAME = 'manifest.json';
