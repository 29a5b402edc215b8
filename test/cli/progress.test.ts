import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressLine, EtaEstimator, formatDuration, formatProgress } from '../../src/cli/progress.js';

/** The progress line's MB, as --shard-size reads it: 10^6 bytes. */
const MB = 1e6;

function collect(): { stream: Writable & { columns?: number }; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  return { stream, text: () => text };
}

const progress = (filesDone: number, mbDone: number, sessions: number) => ({
  files: { done: filesDone, total: 10 },
  bytes: { done: mbDone * MB, total: 100 * MB },
  sessions,
});

describe('formatProgress', () => {
  it('shows files, MB (10^6 bytes), sessions, MB/s and the time left', () => {
    expect(formatProgress(progress(3, 25, 2), 5, 15)).toBe('converting: 3/10 files, 25.0/100.0 MB, 2 sessions, 5.0 MB/s, ETA 0:15');
    expect(formatProgress({ files: { done: 0, total: 1 }, bytes: { done: 1_500_000, total: 3_000_000 }, sessions: 0 }, 1)).toBe(
      'converting: 0/1 files, 1.5/3.0 MB, 0 sessions, 1.5 MB/s',
    );
  });

  it('leaves out the rate until something was read', () => {
    expect(formatProgress(progress(0, 0, 0), 0)).toBe('converting: 0/10 files, 0.0/100.0 MB, 0 sessions');
  });

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.2)).toBe('1:00');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('createProgressLine', () => {
  it('redraws in place at most once per interval and erases itself at the end', () => {
    let clock = 0;
    const out = collect();
    const line = createProgressLine(out.stream, { intervalMs: 100, now: () => clock });
    clock = 1000;
    line.update(progress(1, 10, 1));
    clock = 1050;
    line.update(progress(2, 20, 2));
    clock = 2000;
    line.update(progress(3, 40, 3));
    clock = 4000;
    line.update(progress(4, 50, 4));
    line.stop();
    line.update(progress(5, 60, 5));
    const frames = out.text().split('\r\u001b[2K');
    expect(frames).toEqual([
      '',
      'converting: 1/10 files, 10.0/100.0 MB, 1 session, 10.0 MB/s',
      'converting: 3/10 files, 40.0/100.0 MB, 3 sessions, 20.0 MB/s',
      expect.stringMatching(/^converting: 4\/10 files, 50\.0\/100\.0 MB, 4 sessions, 12\.5 MB\/s, ETA 0:0\d$/),
      '',
    ]);
  });

  it('prints warnings above the line and truncates to the terminal width', () => {
    const out = collect();
    out.stream.columns = 30;
    const line = createProgressLine(out.stream, { now: () => 1000 });
    line.update(progress(1, 10, 1));
    line.print('warning: something');
    line.stop();
    expect(out.text()).toBe(
      '\r\u001b[2Kconverting: 1/10 files, 10.0/\r\u001b[2Kwarning: something\n\r\u001b[2Kconverting: 1/10 files, 10.0/\r\u001b[2K',
    );
  });
});

describe('EtaEstimator', () => {
  /** Samples every 100 ms of a run: `doneAt(t)` bytes done at t seconds; returns the ETAs shown, by time. */
  function simulate(seconds: number, total: number, doneAt: (t: number) => number): [number, number | null][] {
    const eta = new EtaEstimator(0);
    const shown: [number, number | null][] = [];
    for (let tenth = 1; tenth <= seconds * 10; tenth++) {
      const t = tenth / 10;
      eta.sample(t, doneAt(t));
      shown.push([t, eta.secondsLeft(t, doneAt(t), total)]);
    }
    return shown;
  }

  it('shows nothing in the first seconds nor before 5% of the bytes', () => {
    // 100 MB at 10 MB/s: 5% is done at 0.5 s, but the first 3 s show no ETA.
    const steady = simulate(10, 100 * MB, (t) => Math.min(100 * MB, t * 10 * MB));
    const first = steady.find(([, eta]) => eta !== null);
    expect(first?.[0]).toBeGreaterThanOrEqual(3);
    expect(first?.[1]).toBeCloseTo(10 - (first?.[0] ?? 0), 5);
    // A slow start: 1% after 4 s, so no ETA yet.
    const slow = simulate(4, 100 * MB, (t) => t * 0.25 * MB);
    expect(slow.every(([, eta]) => eta === null)).toBe(true);
  });

  it('a 9-second run whose workers start slowly never shows an ETA far off the real time left', () => {
    // 2 s of start-up with nothing done, then a first small file, then 100 MB in 7 s.
    const total = 100 * MB;
    const doneAt = (t: number) => (t < 2 ? 0 : t < 2.5 ? 0.2 * MB : Math.min(total, 0.2 * MB + (t - 2.5) * 15.4 * MB));
    for (const [t, eta] of simulate(9, total, doneAt)) {
      if (eta === null) continue;
      const left = 9 - t;
      expect(eta, `at ${t} s`).toBeLessThanOrEqual(Math.max(2, left * 2.5));
    }
  });

  it('is smoothed: one big file finishing does not swing it', () => {
    // 10 MB/s steadily, then 30 MB are counted at once at 20 s.
    const total = 400 * MB;
    const doneAt = (t: number) => t * 10 * MB + (t >= 20 ? 30 * MB : 0);
    const shown = simulate(21, total, doneAt);
    const before = shown.find(([t]) => t === 19.9)?.[1] ?? 0;
    const after = shown.find(([t]) => t === 20)?.[1] ?? 0;
    expect(after).toBeGreaterThan(before * 0.5);
  });
});
