/**
 * The fuzz suite's runner: seeded and reproducible (FUZZ_SEED, default fixed), a few
 * thousand cases in `npm test`, more with FUZZ_RUNS=<multiplier>. Each case converts a
 * damaged copy of a real oracle rollout together with two untouched ones through the
 * library's convert(), in-process, and checks the properties every run must keep:
 * - convert() never throws (bad input is issues, never an exception);
 * - the untouched files' records are byte for byte their clean conversion;
 * - every line damaged in place that no longer parses is reported at its line;
 * - the output passes `validate` (a share of the cases, in every output format).
 * Cases are counted by mutation kind and printed when a file's cases are done.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type fc from 'fast-check';
import { expect } from 'vitest';
import { convert, type ConvertFormat } from '../../src/convert/convert.js';
import type { InputIssue } from '../../src/issues.js';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { createCollector, REPO_ROOT } from '../trajectory/convert-records.js';
import { splitLines, type Mutation } from './mutations.js';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1);

/** Cases for a property: `base` in a normal run, times FUZZ_RUNS. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * (Number.isFinite(FUZZ_RUNS) && FUZZ_RUNS > 0 ? FUZZ_RUNS : 1)));
}

/** A seed per property, so each reproduces alone: FUZZ_SEED mixed with the property's name. */
export function seedFor(name: string): number {
  return createHash('sha256').update(`${FUZZ_SEED}:${name}`).digest().readInt32LE(0);
}

/** fast-check parameters: seeded, and a failure shrunk for a bounded time (the properties are slow). */
export function fuzzParameters(name: string, numRuns: number): fc.Parameters<unknown> {
  return { seed: seedFor(name), numRuns, interruptAfterTimeLimit: 600_000, markInterruptAsFailure: false, endOnFailure: false };
}

/** Every rollout of the oracle corpus (real Codex recordings), relative to the repo root, sorted. */
export const ORACLE_ROLLOUTS: readonly string[] = readdirSync(path.join(REPO_ROOT, 'fixtures/oracle'), { recursive: true, encoding: 'utf8' })
  .filter((name) => /(^|\/)rollout-[^/]*\.jsonl$/.test(name))
  .map((name) => `fixtures/oracle/${name.split(path.sep).join('/')}`)
  .sort();

/**
 * The smaller half of the corpus: the untouched companions of each case (they cost as much as
 * the case itself). One file per recording: a resumed session's files are one session,
 * converted once, so two of them are not independent companions.
 */
const SMALL_ROLLOUTS: readonly string[] = [...ORACLE_ROLLOUTS]
  .sort((a, b) => statSync(path.join(REPO_ROOT, a)).size - statSync(path.join(REPO_ROOT, b)).size || (a < b ? -1 : 1))
  .slice(0, Math.ceil(ORACLE_ROLLOUTS.length / 2))
  .filter((file, index, all) => all.findIndex((other) => path.dirname(other) === path.dirname(file)) === index);

const sources = new Map<string, Buffer>();
export function readRollout(file: string): Buffer {
  let bytes = sources.get(file);
  if (!bytes) sources.set(file, (bytes = readFileSync(path.join(REPO_ROOT, file))));
  return bytes;
}

/** Each clean file converted alone: its JSONL record line and its issues (0.8's damaged tails have some). */
const cleanRuns = new Map<string, { line: string; issues: InputIssue[] }>();
export async function cleanRunOf(file: string): Promise<{ line: string; issues: InputIssue[] }> {
  let clean = cleanRuns.get(file);
  if (clean === undefined) {
    const { lines, issues } = await convertToLines([file]);
    expect(lines, file).toHaveLength(1);
    cleanRuns.set(file, (clean = { line: lines[0]!, issues }));
  }
  return clean;
}

async function convertToLines(inputs: string[]): Promise<{ lines: string[]; issues: InputIssue[]; failedFiles: string[] }> {
  const out = createCollector();
  const issues: InputIssue[] = [];
  const report = await convert({ inputs, format: 'jsonl', outDir: 'unused', stdout: out.stream, discover: { cwd: REPO_ROOT } }, (issue) => issues.push(issue));
  const lines = out
    .text()
    .split('\n')
    .filter((line) => line !== '');
  return { lines, issues, failedFiles: report.failedFiles };
}

/** Cases run, by mutation kind, and what came of them. */
type Tally = { cases: number; withIssues: number; converted: number; validated: number };
const tallies = new Map<string, Tally>();

export function count(kind: string, outcome: { issues: number; converted: boolean; validated: boolean }): void {
  const tally = tallies.get(kind) ?? { cases: 0, withIssues: 0, converted: 0, validated: 0 };
  tally.cases++;
  if (outcome.issues > 0) tally.withIssues++;
  if (outcome.converted) tally.converted++;
  if (outcome.validated) tally.validated++;
  tallies.set(kind, tally);
}

/** The cases of this test file by kind, as printed after it (and read by whoever reports on the suite). */
export function printTallies(title: string): void {
  const rows = [...tallies.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const total = rows.reduce((sum, [, tally]) => sum + tally.cases, 0);
  const text = rows.map(([kind, t]) => `  ${kind.padEnd(34)} ${String(t.cases).padStart(6)} cases, ${t.withIssues} with issues, ${t.converted} converted, ${t.validated} validated`);
  console.log(`fuzz ${title} (FUZZ_SEED=${FUZZ_SEED}, FUZZ_RUNS=${FUZZ_RUNS}): ${total} cases\n${text.join('\n')}`);
}

let scratch: string | undefined;
let scratchCount = 0;
/** A fresh directory for one case's files, under one directory per test file. */
function caseDir(): string {
  scratch ??= path.join(tmpdir(), `rollout-kit-fuzz-${process.pid}-${Date.now()}`);
  const dir = path.join(scratch, String(scratchCount++));
  mkdirSync(dir, { recursive: true });
  return dir;
}
export function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

/** Is this line (bytes, as the mutated file holds it) one the decoder must report? */
function lineMustBeReported(bytes: Buffer, lineNumber: number): boolean {
  if (bytes.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return true;
  }
  if (lineNumber === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

const FORMATS: readonly ConvertFormat[] = ['jsonl', 'json', 'arrow', 'thread-events'];

export type CaseOptions = {
  kind: string;
  /** The clean rollout the mutation was made from. */
  source: string;
  mutation: Mutation;
  /** File name of the mutated copy (default: the source's name, so the session id is the same). */
  name?: string;
  /** Picks the two untouched companions and, when `validateWith` is set, the output format. */
  pick: number;
  /** Also write this output format to a directory and run `validate` on it (index into jsonl, json, arrow, thread-events). */
  validateWith?: number | undefined;
  /** Extra checks on the damaged file's issues and its record (its JSONL line, if it converted). */
  check?: (issues: InputIssue[], record: string | undefined) => void | Promise<void>;
};

/** Runs one case: the damaged file and two untouched ones, in one convert(); checks the properties. */
export async function runCase(options: CaseOptions): Promise<void> {
  const dir = caseDir();
  const file = path.join(dir, options.name ?? path.basename(options.source));
  writeFileSync(file, options.mutation.bytes);
  // Companions come from other recordings than the damaged file's, for the same reason.
  const others = SMALL_ROLLOUTS.filter((candidate) => path.dirname(candidate) !== path.dirname(options.source));
  const companions = [others[options.pick % others.length]!, others[(options.pick * 7 + 3) % others.length]!].filter((value, index, all) => all.indexOf(value) === index);
  const context = `${options.kind}: ${options.mutation.note} in ${options.source}`;

  // convert() never throws on bad input: a rejection fails the case here.
  const run = await convertToLines([file, ...companions]);
  const fileIssues = run.issues.filter((issue) => issue.file === file);
  // Untouched files convert to exactly their clean record, and report nothing.
  for (const companion of companions) {
    const clean = await cleanRunOf(companion);
    const line = run.lines.find((candidate) => (JSON.parse(candidate) as { source_path: string }).source_path === companion);
    expect(line, `${context}: companion ${companion}`).toBe(clean.line);
    expect(run.issues.filter((issue) => issue.file === companion), `${context}: companion ${companion}`).toEqual(clean.issues);
  }
  expect(run.failedFiles.filter((failed) => failed !== file), context).toEqual([]);
  // Every line damaged in place that no longer parses is reported at its line.
  const { lines } = splitLines(options.mutation.bytes);
  for (const lineNumber of options.mutation.damagedLines) {
    if (!lineMustBeReported(lines[lineNumber - 1] ?? Buffer.alloc(0), lineNumber)) continue;
    expect(
      fileIssues.some((issue) => issue.line === lineNumber),
      `${context}: line ${lineNumber} no longer parses and must be reported; issues: ${JSON.stringify(fileIssues.slice(0, 5))}`,
    ).toBe(true);
  }
  await options.check?.(
    fileIssues,
    run.lines.find((candidate) => (JSON.parse(candidate) as { source_path: string }).source_path === file),
  );

  let validated = false;
  if (options.validateWith !== undefined) {
    const format = FORMATS[options.validateWith % FORMATS.length]!;
    const out = path.join(dir, 'out');
    const report = await convert({ inputs: [file, ...companions], format, outDir: out, discover: { cwd: REPO_ROOT } });
    expect(report.issues.total, context).toBe(run.issues.length);
    const violations: string[] = [];
    const validation = await validatePaths([out], { onViolation: (violation) => violations.push(JSON.stringify(violation)) });
    expect(violations, `${context}: ${format} output`).toEqual([]);
    expect(validation.valid).toBe(true);
    validated = true;
  }
  count(options.kind, { issues: fileIssues.length, converted: !run.failedFiles.includes(file), validated });
  rmSync(dir, { recursive: true, force: true });
}

/** One case in this many also writes an output format and validates it (the format picked by the quotient). */
const VALIDATE_EVERY = 8;
export const validateWith = (pick: number): number | undefined => (pick % VALIDATE_EVERY === 0 ? Math.floor(pick / VALIDATE_EVERY) : undefined);

/** A fuzz test's time limit: thousands of conversions on a loaded 2-core machine. */
export const FUZZ_TIMEOUT = 300_000;
