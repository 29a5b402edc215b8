/**
 * Shared helpers of the trajectory tests: run the real `convert()` pipeline over
 * fixture rollouts (JSONL streamed into memory, nothing written to disk) and read
 * the oracle corpus layout `fixtures/oracle/<label>/<scenario>/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { convert, type RunReport } from '../../src/convert/convert.js';
import type { ConvertOptions } from '../../src/convert/convert-types.js';
import type { InputIssue } from '../../src/issues.js';
import { trajectoryRecordSchema, type TrajectoryRecord, type TrajectoryStep } from '../../src/trajectory/rl-schema.js';

/** The repository root: inputs are given relative to it, so `source_path` is `fixtures/...`. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ORACLE_DIR = 'fixtures/oracle';

export type ConvertedRecords = { records: TrajectoryRecord[]; issues: InputIssue[]; report: RunReport };

/** A Writable that keeps everything written to it. */
export function createCollector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Options a test may add to the JSONL conversion (`--jobs`, `--keep-copied`, ...). */
type ExtraOptions = Partial<Omit<ConvertOptions, 'inputs' | 'format' | 'outDir' | 'stdout' | 'discover'>>;

/** Converts inputs (relative to the repo root, or absolute) to rl records, parsed with the record schema. */
export async function convertToRecords(inputs: string[], extra: ExtraOptions = {}): Promise<ConvertedRecords> {
  const out = createCollector();
  const issues: InputIssue[] = [];
  const report = await convert(
    { ...extra, inputs, format: 'jsonl', outDir: 'unused', stdout: out.stream, discover: { cwd: REPO_ROOT } },
    (issue) => issues.push(issue),
  );
  const records = out
    .text()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => trajectoryRecordSchema.parse(JSON.parse(line)));
  return { records, issues, report };
}

export type OracleCase = { label: string; scenario: string; dir: string };

/** Every `<label>/<scenario>` directory of the oracle corpus, sorted. */
export function listOracleCases(): OracleCase[] {
  const root = path.join(REPO_ROOT, ORACLE_DIR);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((label) =>
      readdirSync(path.join(root, label.name), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((scenario) => ({ label: label.name, scenario: scenario.name, dir: `${ORACLE_DIR}/${label.name}/${scenario.name}` })),
    )
    .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

export type OracleMeta = {
  version: string;
  scenario: string;
  status: string;
  notes: string[];
  /** One entry per codex process (resumes too); the last argv element is the prompt. */
  runs: { argv: string[] }[];
  /** `default (<model>)` or the configured model. */
  model: string;
  cwd: string;
};

export function readOracleMeta(dir: string): OracleMeta {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, dir, 'meta.json'), 'utf8')) as OracleMeta;
}

/** The rollout files of one oracle case, sorted by name (a resumed 0.29 session writes two). */
export function listRolloutFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir))
    .filter((name) => name.startsWith('rollout-') && name.endsWith('.jsonl'))
    .sort()
    .map((name) => `${dir}/${name}`);
}

/** A compact signature of a step, for sequence comparisons: its type, plus the tool name of calls. */
export function stepSignature(step: TrajectoryStep): string {
  return step.type === 'tool_call' ? `tool_call:${step.name}` : step.type;
}

/** Orders records by source path, so tests do not depend on the sink's placement. */
export function bySourcePath(records: TrajectoryRecord[]): Map<string, TrajectoryRecord> {
  return new Map(records.map((record) => [record.source_path, record]));
}
