import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressLine, formatDuration, formatProgress } from '../../src/cli/progress.js';

const MB = 1024 * 1024;

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
  it('shows files, MB, sessions, MB/s and the time left', () => {
    expect(formatProgress(progress(3, 25, 2), 5)).toBe('converting: 3/10 files, 25.0/100.0 MB, 2 sessions, 5.0 MB/s, ETA 0:15');
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
    line.stop();
    line.update(progress(4, 50, 4));
    const frames = out.text().split('\r\u001b[2K');
    expect(frames).toEqual(['', 'converting: 1/10 files, 10.0/100.0 MB, 1 session, 10.0 MB/s, ETA 0:09', 'converting: 3/10 files, 40.0/100.0 MB, 3 sessions, 20.0 MB/s, ETA 0:03', '']);
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
