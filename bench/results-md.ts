/**
 * bench/results.md holds one generated section per benchmark configuration (corpus and worker
 * count), between markers; a run replaces only its own section, so hand-written notes (the
 * profile, where the time goes) and the other configurations' tables are kept.
 */
export type ResultRow = {
  name: string;
  runs: number;
  /** Median wall time over the runs, seconds; null when the run failed. */
  seconds: number | null;
  mbPerSec: number | null;
  /** Throughput of the fastest run: on a shared machine, the least disturbed one. */
  bestMbPerSec: number | null;
  /** Throughput relative to the same-run baseline (baseline seconds / this row's seconds). */
  ratio: number | null;
  /** Median CPU time (user + system, all threads) over the runs, seconds. */
  cpuSeconds: number | null;
  /** The same ratio by CPU time (baseline CPU seconds / this row's): steadier under other load. */
  cpuRatio: number | null;
  /** Highest peak RSS over the runs, MB. */
  peakRssMb: number | null;
  outputMb: number | null;
  note: string;
};

export type ResultsSection = {
  key: string;
  title: string;
  machine: string[];
  rows: ResultRow[];
  footnotes: string[];
};

const HEADER = `# Benchmark results

Written by \`npm run bench\` (see bench/README.md). Each generated section below is replaced
when the same configuration is run again; text outside the \`bench:\` markers is kept.
`;

function formatNumber(value: number | null, digits: number): string {
  return value === null ? '–' : value.toFixed(digits);
}

export function formatRow(r: ResultRow): string {
  const cells = [
    formatNumber(r.seconds, 2),
    formatNumber(r.mbPerSec, 1),
    formatNumber(r.ratio, 2),
    formatNumber(r.bestMbPerSec, 1),
    formatNumber(r.cpuSeconds, 2),
    formatNumber(r.cpuRatio, 2),
    formatNumber(r.peakRssMb, 0),
    formatNumber(r.outputMb, 1),
  ];
  return `| ${r.name} | ${cells.join(' | ')} | ${r.note} |`;
}

export function renderResultsSection(section: ResultsSection): string {
  const lines = [
    `<!-- bench:${section.key}:start -->`,
    `## ${section.title}`,
    '',
    ...section.machine.map((m) => `- ${m}`),
    '',
    '| run | wall s (median) | input MB/s | × baseline | best MB/s | CPU s (median) | × baseline (CPU) | peak RSS MB (max) | output MB | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...section.rows.map(formatRow),
    '',
    ...section.footnotes,
    `<!-- bench:${section.key}:end -->`,
  ];
  return lines.join('\n');
}

/** Replaces (or appends) the section with the same key in an existing results.md text. */
export function spliceResultsSection(existing: string | undefined, section: ResultsSection): string {
  const rendered = renderResultsSection(section);
  const base = existing === undefined || existing.trim() === '' ? HEADER : existing;
  const start = `<!-- bench:${section.key}:start -->`;
  const end = `<!-- bench:${section.key}:end -->`;
  const from = base.indexOf(start);
  const to = base.indexOf(end);
  if (from !== -1 && to > from) return base.slice(0, from) + rendered + base.slice(to + end.length);
  return `${base.trimEnd()}\n\n${rendered}\n`;
}
