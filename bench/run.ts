/**
 * The benchmark: generate (or reuse) the synthetic corpus, then measure, in the same run and
 * with the same worker count, the parse-only baseline and `rollout-kit convert` to each format,
 * each as a child process: wall time, input MB/s, ratio to the baseline, peak RSS.
 *
 *   npm run bench                      200 MB corpus, writes bench/results.md
 *   npm run bench -- --size 2GB        the big run
 *   npm run bench -- --single 1GB      one huge session
 *   npm run bench -- --quick           20 MB smoke run, prints the table, writes nothing
 *   options: --jobs N (default: available cores), --formats jsonl,json,arrow,parquet,thread-events,atif,messages,messages-parquet (`none`: only the baseline and the incremental rows), --runs N, --seed N,
 *            --incremental-formats LIST (default jsonl; `none` skips the incremental rows), --skip-compressed (no .gz/.zst rows),
 *            --note TEXT (a line saying how the run was made, e.g. on a loaded machine: printed in results.md),
 *            --profile (one extra untimed run per target under --cpu-prof; prints self time per function)
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { findPackageRoot, formatCorpusName, MB } from './corpus-spec.js';
import { GENERATOR_VERSION, generateCorpus, readCorpusSpec } from './generate.js';
import { detectRssMethod, measureNode, type Measurement, type RssMethod } from './measure.js';
import { summarizeCpuProfiles } from './profile-summary.js';
import { formatRow, spliceResultsSection, type ResultRow } from './results-md.js';
import { benchIncremental, type IncrementalCase } from './incremental.js';
import { compressedBytes, compressedCorpus, zstdDecoderName } from './compressed.js';

/** Every output format of the CLI, each measured against the same run's baseline. */
const FORMATS = ['jsonl', 'json', 'arrow', 'parquet', 'thread-events', 'atif', 'messages', 'messages-parquet'] as const;
type Format = (typeof FORMATS)[number];

/** `label` names the target's output directory and profile under bench/out/. */
type Target = { name: string; label: string; format?: Format; args: (outDir: string) => string[] };

type BenchOptions = {
  quick: boolean;
  /** After the timed runs, run each target once more under `--cpu-prof` and print where the time goes. */
  profile: boolean;
  jobs: number;
  runs: number;
  formats: Format[];
  incrementalFormats: Format[];
  compressed: boolean;
};

function readOptions(): { options: BenchOptions; values: Record<string, string | boolean | undefined> } {
  const { values } = parseArgs({
    options: {
      size: { type: 'string' },
      single: { type: 'string' },
      seed: { type: 'string' },
      jobs: { type: 'string' },
      formats: { type: 'string' },
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      note: { type: 'string' },
      'incremental-formats': { type: 'string' },
      'skip-compressed': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick === true;
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a positive integer, got "${values.jobs}"`);
  const runs = values.runs === undefined ? (quick ? 2 : 3) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
  const formats = values.formats === 'none' ? [] : readFormatList(values.formats ?? FORMATS.join(','));
  const incrementalFormats = values['incremental-formats'] === 'none' ? [] : readFormatList(values['incremental-formats'] ?? 'jsonl');
  const compressed = values['skip-compressed'] !== true;
  return { options: { quick, profile: values.profile === true, jobs, runs, formats, incrementalFormats, compressed }, values };
}

function readFormatList(list: string): Format[] {
  const formats = list.split(',').map((f) => f.trim()).filter((f) => f !== '');
  for (const f of formats) if (!(FORMATS as readonly string[]).includes(f)) throw new Error(`unknown format "${f}" (use ${FORMATS.join(', ')})`);
  return formats as Format[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A row of the incremental bench: its share of the clean build's time is the number that matters. */
function incrementalRow(target: IncrementalCase, corpusMb: number, baselineSeconds: number | null, baselineCpu: number | null): ResultRow {
  const seconds = median(target.runs.map((m) => m.seconds));
  const cpuSeconds = medianCpu(target.runs);
  const rss = target.runs.map((m) => m.peakRssBytes).filter((v): v is number => v !== null);
  const share = target.shareOfClean;
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  return {
    name: target.name,
    runs: target.runs.length,
    seconds,
    mbPerSec: corpusMb / seconds,
    bestMbPerSec: corpusMb / Math.min(...target.runs.map((m) => m.seconds)),
    ratio: baselineSeconds === null ? null : baselineSeconds / seconds,
    cpuSeconds,
    cpuRatio: cpuSeconds === null || baselineCpu === null ? null : baselineCpu / cpuSeconds,
    peakRssMb: rss.length === 0 ? null : Math.max(...rss) / MB,
    outputMb: directoryBytes(target.outDir) / MB,
    note: share ? `${percent(share.wall)} of the clean build's wall time${share.cpu === null ? '' : `, ${percent(share.cpu)} of its CPU time`}` : 'the reference of the rows below',
  };
}

/** Median CPU seconds of the runs that report it; null when none does. */
function medianCpu(list: readonly Measurement[]): number | null {
  const values = list.map((m) => m.cpuSeconds).filter((v): v is number => v !== null);
  return values.length === 0 ? null : median(values);
}

function directoryBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(join(dir, entry));
    if (stat.isFile()) total += stat.size;
  }
  return total;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 160).replace(/\|/g, '\\|');
}

function describeFailure(m: Measurement): string | undefined {
  if (m.exitCode === 0) return undefined;
  const why = lastLine(m.stderr) || lastLine(m.stdout);
  return m.signal !== null ? `killed by ${m.signal}` : `exit ${m.exitCode}${why === '' ? '' : `: ${why}`}`;
}

async function main(): Promise<void> {
  const { options, values } = readOptions();
  const root = findPackageRoot();
  const spec = readCorpusSpec(
    { size: values.size as string | undefined, single: values.single as string | undefined, seed: values.seed as string | undefined },
    options.quick ? '20MB' : '200MB',
  );
  const corpusName = formatCorpusName(spec);

  console.log(`corpus ${corpusName}: generating or reusing...`);
  const corpus = generateCorpus(spec);
  const corpusBytes = corpus.manifest.totalBytes;
  const corpusMb = corpusBytes / MB;
  const generation = corpus.reused
    ? 'reused an existing corpus'
    : `generated in ${corpus.seconds.toFixed(1)} s (${(corpusMb / corpus.seconds).toFixed(1)} MB/s)`;
  console.log(`corpus ${corpus.dir}: ${corpus.manifest.files.length} sessions, ${corpusMb.toFixed(1)} MB, ${generation}`);

  const cliPath = join(root, 'dist', 'bundle', 'cli.js');
  const cliPresent = existsSync(cliPath);
  const baselinePath = fileURLToPath(new URL('./baseline.js', import.meta.url));
  const reporterUrl = new URL('./rss-reporter.js', import.meta.url).href;
  const rssMethod: RssMethod = detectRssMethod();
  const outRoot = join(root, 'bench', 'out');

  const targets: Target[] = [
    { name: 'baseline (read + split + JSON.parse)', label: 'baseline', args: () => [baselinePath, corpus.dir, '--jobs', String(options.jobs)] },
  ];
  const skipped: string[] = [];
  const convertArgs = (format: Format, out: string): string[] => [cliPath, 'convert', corpus.dir, '--out', out, '--format', format, '--jobs', String(options.jobs)];
  for (const format of options.formats) {
    if (!cliPresent) {
      skipped.push(format);
      continue;
    }
    targets.push({ name: `convert --format ${format}`, label: format, format, args: (out) => convertArgs(format, out) });
    // Redaction is on by default; JSONL, the cheapest format, shows its cost best.
    if (format === 'jsonl') {
      targets.push({ name: `convert --format ${format} --no-redact`, label: `${format}-no-redact`, format, args: (out) => [...convertArgs(format, out), '--no-redact'] });
    }
  }
  if (cliPresent && options.compressed) {
    for (const kind of ['gzip', 'zstd'] as const) {
      const dir = compressedCorpus(corpus.dir, kind);
      if (dir === null) {
        console.log(`no zstd CLI: the .jsonl.zst row is skipped`);
        continue;
      }
      const suffix = kind === 'gzip' ? '.gz' : '.zst';
      const name = `convert .jsonl${suffix} inputs (${(compressedBytes(dir) / MB).toFixed(1)} MB${kind === 'zstd' ? `; ${zstdDecoderName()}` : ''}) --format jsonl`;
      targets.push({ name, label: `jsonl${suffix}`, format: 'jsonl', args: (out) => [cliPath, 'convert', dir, '--out', out, '--format', 'jsonl', '--jobs', String(options.jobs)] });
    }
  }
  if (skipped.length > 0) console.log(`dist/bundle/cli.js not found: skipping convert (${skipped.join(', ')}); run \`npm run build\` once the CLI exists`);

  // One untimed pass so every measured run reads the corpus from the page cache.
  console.log('warm-up pass (untimed)...');
  await measureNode(targets[0]!.args(''), rssMethod, reporterUrl, root);

  const measurements = new Map<string, Measurement[]>();
  const failures = new Map<string, string>();
  for (let run = 1; run <= options.runs; run++) {
    // Interleaved, so drift on a shared machine spreads over every target alike.
    for (const target of targets) {
      if (failures.has(target.name)) continue;
      const outDir = join(outRoot, target.label);
      rmSync(outDir, { recursive: true, force: true });
      const m = await measureNode(target.args(outDir), rssMethod, reporterUrl, root);
      const failure = describeFailure(m);
      if (failure !== undefined) failures.set(target.name, failure);
      const list = measurements.get(target.name) ?? [];
      list.push(m);
      measurements.set(target.name, list);
      const rss = m.peakRssBytes === null ? '?' : (m.peakRssBytes / MB).toFixed(0);
      const cpu = m.cpuSeconds === null ? '?' : m.cpuSeconds.toFixed(2);
      console.log(`run ${run}/${options.runs} ${target.name}: ${m.seconds.toFixed(2)} s (CPU ${cpu} s), ${(corpusMb / m.seconds).toFixed(1)} MB/s, peak RSS ${rss} MB${failure === undefined ? '' : ` (${failure})`}`);
    }
  }

  if (options.profile) {
    for (const target of targets) {
      if (failures.has(target.name)) continue;
      const { label } = target;
      const profileDir = join(outRoot, 'profiles', label);
      rmSync(profileDir, { recursive: true, force: true });
      const outDir = join(outRoot, label);
      rmSync(outDir, { recursive: true, force: true });
      await measureNode(['--cpu-prof', '--cpu-prof-dir', profileDir, ...target.args(outDir)], rssMethod, reporterUrl, root);
      console.log(`\nprofile of ${target.name} (self time, all threads; ${profileDir}):`);
      for (const entry of summarizeCpuProfiles(profileDir, 15)) console.log(`  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.ms.toFixed(0).padStart(6)} ms  ${entry.name}`);
    }
  }

  const baselineRuns = measurements.get(targets[0]!.name) ?? [];
  const baselineOk = baselineRuns.length > 0 && !failures.has(targets[0]!.name);
  const baselineSeconds = baselineOk ? median(baselineRuns.map((m) => m.seconds)) : null;
  const baselineCpu = baselineOk ? medianCpu(baselineRuns) : null;
  const rows: ResultRow[] = targets.map((target) => {
    const list = measurements.get(target.name) ?? [];
    const failure = failures.get(target.name);
    const seconds = list.length > 0 && failure === undefined ? median(list.map((m) => m.seconds)) : null;
    const cpuSeconds = failure === undefined ? medianCpu(list) : null;
    const rssValues = list.map((m) => m.peakRssBytes).filter((v): v is number => v !== null);
    const outDir = join(outRoot, target.label);
    return {
      name: target.name,
      runs: list.length,
      seconds,
      mbPerSec: seconds === null ? null : corpusMb / seconds,
      bestMbPerSec: seconds === null ? null : corpusMb / Math.min(...list.map((m) => m.seconds)),
      ratio: seconds === null || baselineSeconds === null ? null : baselineSeconds / seconds,
      cpuSeconds,
      cpuRatio: cpuSeconds === null || baselineCpu === null ? null : baselineCpu / cpuSeconds,
      peakRssMb: rssValues.length === 0 || failure !== undefined ? null : Math.max(...rssValues) / MB,
      outputMb: target.format === undefined || failure !== undefined ? null : directoryBytes(outDir) / MB,
      note: failure ?? '',
    };
  });
  for (const format of cliPresent ? options.incrementalFormats : []) {
    const cases = await benchIncremental({ cliPath, corpusDir: corpus.dir, format, jobs: options.jobs, runs: options.runs, outRoot, rssMethod, reporterUrl, cwd: root, log: console.log });
    rows.push(...cases.map((c) => incrementalRow(c, corpusMb, baselineSeconds, baselineCpu)));
  }
  for (const format of skipped) rows.push({ name: `convert --format ${format}`, runs: 0, seconds: null, mbPerSec: null, bestMbPerSec: null, ratio: null, cpuSeconds: null, cpuRatio: null, peakRssMb: null, outputMb: null, note: 'not run: dist/bundle/cli.js missing' });

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const section = {
    key: `${corpusName}:jobs-${options.jobs}`,
    title: `${corpusName}, --jobs ${options.jobs}`,
    machine: [
      `date: ${new Date().toISOString().slice(0, 10)}; Node ${process.version} on ${process.platform}/${process.arch}`,
      `machine: ${availableParallelism()} available cores (${cpu}), ${(totalmem() / 1024 / MB).toFixed(0)} GB RAM`,
      `corpus: ${corpus.manifest.files.length} sessions, ${corpusMb.toFixed(1)} MB (${spec.mode === 'single' ? 'one session' : 'many sessions'}, seed ${spec.seed}, generator v${GENERATOR_VERSION}); ${generation}`,
      `each target run ${options.runs}× interleaved after one warm-up pass; wall time, MB/s and × baseline from the median run, best MB/s from the fastest; peak RSS the maximum; MB = 2^20 bytes`,
      ...(typeof values.note === 'string' ? [`note: ${values.note}`] : []),
      `wall time is the child process from spawn to exit (Node startup included); peak RSS is the OS's ru_maxrss of that process, worker threads included (${rssMethod === 'gnu-time' ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS via a preloaded reporter'})`,
    ],
    rows,
    footnotes: [
      '× baseline = baseline wall time / this wall time (same input, same worker count, same run); × baseline (CPU) the same with CPU time (user + system, all threads), which other load on a shared machine moves much less.',
    ],
  };

  console.log('');
  console.log('| run | wall s | MB/s | × baseline | best MB/s | CPU s | × baseline (CPU) | peak RSS MB | output MB | notes |');
  for (const r of rows) console.log(formatRow(r));
  if (options.quick) {
    console.log('\n--quick: bench/results.md not written');
  } else {
    const resultsPath = join(root, 'bench', 'results.md');
    const existing = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : undefined;
    writeFileSync(resultsPath, spliceResultsSection(existing, section));
    console.log(`\nwrote ${resultsPath}`);
  }
  if (failures.size > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
