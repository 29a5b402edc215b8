/**
 * Reads a rollout-kit dataset back: its manifest, then each record file the manifest lists,
 * in its order, as plain records (Arrow and Parquet rows decoded into the JSON record they
 * stand for), with the text each record was read from or stands for (for placeholders), and
 * its issues. Only trajectory datasets hold records (thread-events and ATIF hold other
 * documents).
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isPathInDataset, MANIFEST_FILE_NAME } from '../schema/manifest-schema.js';
import { StatsInputError, StatsUsageError } from './stats-errors.js';
import { readTextLines } from '../read/text-lines.js';

export type DatasetRecord = Record<string, unknown>;

export type DatasetManifest = { format: string; files: { path: string; kind: string }[] };

const RECORD_FORMATS = ['jsonl', 'json', 'arrow', 'parquet'];

/** The manifest of `dir`, or null when `dir` is not a rollout-kit dataset. */
export async function readDatasetManifest(dir: string): Promise<DatasetManifest | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST_FILE_NAME), 'utf8');
  } catch {
    return null;
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new StatsUsageError(`${path.join(dir, MANIFEST_FILE_NAME)}: not valid JSON; run rollout-kit validate ${dir}`);
  }
  const { format, files } = (manifest ?? {}) as { format?: unknown; files?: unknown };
  if (typeof format !== 'string' || !Array.isArray(files)) throw new StatsUsageError(`${path.join(dir, MANIFEST_FILE_NAME)}: not a rollout-kit manifest (no format or files)`);
  // Each listed file is read from the dataset's own directory: an entry that is no file name
  // under it (damaged or edited after the run) is refused before anything is read.
  const bad = (files as unknown[]).findIndex((entry) => !isListedFile(entry));
  if (bad !== -1) throw new StatsUsageError(`${path.join(dir, MANIFEST_FILE_NAME)}: files[${bad}] is not a file of the dataset; run rollout-kit validate ${dir}`);
  if (!RECORD_FORMATS.includes(format)) throw new StatsUsageError(`${dir} holds ${format} output; stats and inspect read jsonl, json, arrow or parquet datasets, or rollouts`);
  return { format, files: files as DatasetManifest['files'] };
}

function isListedFile(entry: unknown): entry is DatasetManifest['files'][number] {
  if (typeof entry !== 'object' || entry === null) return false;
  const { path: name, kind } = entry as { path?: unknown; kind?: unknown };
  return typeof name === 'string' && typeof kind === 'string' && isPathInDataset(name);
}

/** Every record of the dataset, each with the text that holds its strings. */
export async function* readDatasetRecords(dir: string, manifest: DatasetManifest): AsyncGenerator<{ record: DatasetRecord; text: string }> {
  for (const file of manifest.files.filter((entry) => entry.kind === 'records')) {
    const full = path.join(dir, file.path);
    await assertReadable(full);
    if (manifest.format === 'jsonl') yield* readJsonlRecords(full);
    else if (manifest.format === 'json') {
      const text = await readFile(full, 'utf8');
      yield { record: parseRecord(text, full, null), text };
    } else {
      const { readArrowRecords } = await import('./arrow-records.js');
      for await (const record of readArrowRecords(full, manifest.format === 'parquet')) yield { record, text: JSON.stringify(record) };
    }
  }
}

/** The issues of the dataset's issues.jsonl, in file order. */
export async function* readDatasetIssues(dir: string, manifest: DatasetManifest): AsyncGenerator<{ code: string; text: string }> {
  for (const file of manifest.files.filter((entry) => entry.kind === 'issues')) {
    await assertReadable(path.join(dir, file.path));
    for await (const { record, text } of readJsonlRecords(path.join(dir, file.path))) if (typeof record.code === 'string') yield { code: record.code, text };
  }
}

/** A file the manifest lists but that is gone, unreadable or a directory is bad input, one line, not a crash. */
async function assertReadable(file: string): Promise<void> {
  const isFile = await stat(file).then(
    (stats) => stats.isFile(),
    () => true, // access below says why
  );
  if (!isFile) throw new StatsInputError(`${file}: not a file; run rollout-kit validate on the dataset`);
  await access(file, constants.R_OK).catch((error: unknown) => {
    throw new StatsInputError(`${file}: cannot read it (${(error as { code?: string }).code ?? 'error'}); run rollout-kit validate on the dataset`);
  });
}

async function* readJsonlRecords(file: string): AsyncGenerator<{ record: DatasetRecord; text: string }> {
  const lines = readTextLines(file);
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() !== '') yield { record: parseRecord(text, file, line), text };
  }
}

function parseRecord(text: string, file: string, line: number | null): DatasetRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StatsInputError(`${file}${line === null ? '' : `:${line}`}: not a JSON record; run rollout-kit validate on the dataset`);
  }
  return value as DatasetRecord;
}
