/** Builds real output directories (sinks + manifest) for the validate tests. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createArrowSink } from '../../src/formats/arrow/arrow-sink.js';
import { createJsonSink } from '../../src/formats/json/json-sink.js';
import { createJsonlSink } from '../../src/formats/jsonl/jsonl-sink.js';
import { createParquetSink } from '../../src/formats/parquet/parquet-sink.js';
import { writeManifest } from '../../src/write/manifest.js';
import type { ArrowIpcFormat } from '../../src/schema/output-format-names.js';
import type { RecordSink } from '../../src/write/sink.js';
import { makeSession, writeSessions, type SampleSession } from '../write/sample-records.js';

export type DatasetFormat = 'json' | 'jsonl' | 'arrow-stream' | 'arrow-file' | 'parquet';
export const DATASET_FORMATS: DatasetFormat[] = ['json', 'jsonl', 'arrow-stream', 'arrow-file', 'parquet'];

export function makeSessions(count: number): SampleSession[] {
  return Array.from({ length: count }, (_, i) => makeSession(`s-${i}`, ` #${i}`, i === 1 ? { usage: null, outcome: 'aborted', success: false, error: 'interrupted' } : {}));
}

export async function writeDataset(dir: string, format: DatasetFormat, sessions = makeSessions(3), shardRows?: number): Promise<void> {
  const ipc: ArrowIpcFormat | undefined = format === 'arrow-file' ? 'file' : format === 'arrow-stream' ? 'stream' : undefined;
  const sink: RecordSink =
    format === 'json'
      ? createJsonSink({ outDir: dir })
      : format === 'jsonl'
        ? createJsonlSink({ outDir: dir, shardRows })
        : format === 'parquet'
          ? createParquetSink({ outDir: dir, shardRows })
          : createArrowSink({ outDir: dir, ipc, shardRows });
  await writeSessions(sink, sessions);
  const summary = await sink.close();
  const issue = { file: 'sessions/rollout-bad.jsonl', line: 3, code: 'invalid_json', message: 'Unexpected token' };
  await writeFile(path.join(dir, 'issues.jsonl'), `${JSON.stringify(issue)}\n`);
  const { createHash } = await import('node:crypto');
  const issuesText = `${JSON.stringify(issue)}\n`;
  await writeManifest(dir, {
    format: ipc ? 'arrow' : (format as 'json' | 'jsonl' | 'parquet'),
    arrowIpc: ipc ?? null,
    files: [
      ...summary.files,
      { path: 'issues.jsonl', kind: 'issues', rows: 1, bytes: Buffer.byteLength(issuesText), sha256: createHash('sha256').update(issuesText).digest('hex') },
    ],
    sessions: summary.sessions,
    steps: summary.steps,
    issues: { total: 1, byCode: { invalid_json: 1 } },
    inputs: { count: 4, bytes: 12345 },
  });
}
