import { describe, expect, it } from 'vitest';
import { parseGnuTimeCpu, parseGnuTimeRss, parseReporterLine } from '../../bench/measure.js';
import { spliceResultsSection, type ResultsSection } from '../../bench/results-md.js';

function section(key: string, seconds: number): ResultsSection {
  return {
    key,
    title: key,
    machine: ['Node v20'],
    rows: [{ name: 'baseline', runs: 3, seconds, mbPerSec: 100 / seconds, bestMbPerSec: 110 / seconds, ratio: 1, cpuSeconds: seconds * 1.5, cpuRatio: 1, peakRssMb: 80, outputMb: null, note: '' }],
    footnotes: [],
  };
}

describe('spliceResultsSection', () => {
  it('creates the file with a header, then replaces only its own section and keeps notes', () => {
    const first = spliceResultsSection(undefined, section('size-200MB-seed-1:jobs-2', 1));
    expect(first.startsWith('# Benchmark results')).toBe(true);
    expect(first).toContain('| baseline | 1.00 | 100.0 | 1.00 | 110.0 | 1.50 | 1.00 | 80 | – |  |');
    const withNotes = `${first}\n## Where the time goes\n\nhand-written profile notes\n`;
    const second = spliceResultsSection(withNotes, section('size-2GB-seed-1:jobs-2', 4));
    const third = spliceResultsSection(second, section('size-200MB-seed-1:jobs-2', 2));
    expect(third).toContain('hand-written profile notes');
    expect(third).toContain('| baseline | 4.00 | 25.0 |');
    expect(third).toContain('| baseline | 2.00 | 50.0 |');
    expect(third).not.toContain('| baseline | 1.00 |');
    expect(third.match(/bench:size-200MB-seed-1:jobs-2:start/g)).toHaveLength(1);
  });
});

describe('parseGnuTimeRss', () => {
  it('reads the peak RSS from a GNU time -v report, in bytes', () => {
    const report = '\tCommand being timed: "node x.js"\n\tMaximum resident set size (kbytes): 81234\n\tExit status: 0\n';
    expect(parseGnuTimeRss(report)).toBe(81234 * 1024);
    expect(parseGnuTimeRss('no report')).toBeNull();
  });
});

describe('parseGnuTimeCpu', () => {
  it('adds user and system time from a GNU time -v report', () => {
    const report = '\tUser time (seconds): 2.25\n\tSystem time (seconds): 0.17\n\tPercent of CPU this job got: 140%\n';
    expect(parseGnuTimeCpu(report)).toBeCloseTo(2.42, 10);
    expect(parseGnuTimeCpu('\tUser time (seconds): 2.25\n')).toBeNull();
  });
});

describe('parseReporterLine', () => {
  it('reads peak RSS in KiB and CPU time in microseconds, as the preloaded reporter writes them', () => {
    expect(parseReporterLine('81234 2420000\n')).toEqual({ peakRssBytes: 81234 * 1024, cpuSeconds: 2.42 });
    expect(parseReporterLine('81234')).toEqual({ peakRssBytes: 81234 * 1024, cpuSeconds: null });
  });
});
