/**
 * The live progress line of `convert` on an interactive terminal: files, MB (10^6 bytes)
 * done of the total, sessions, throughput and time left, redrawn in place at most every
 * `intervalMs`. The time left is shown only once it means something (see EtaEstimator). Other output (warnings) goes through `print`, which clears the line
 * first so the two never mix. A single status line needs nothing but a carriage
 * return and an erase-line escape, so no terminal library is involved.
 */
import type { Writable } from 'node:stream';
import type { ConvertProgress } from '../convert/convert.js';
import { formatMegabytes } from './byte-units.js';

const ERASE_LINE = '\r\u001b[2K';

/**
 * No ETA before this many seconds of measuring the rate: worker start-up and the first
 * files' latency make the early rate a poor guide (a 9-second run once showed 2:40:37).
 */
const ETA_MIN_SECONDS = 3;
/** Nor before this share of the bytes is done. */
const ETA_MIN_FRACTION = 0.05;
/** Time constant of the rate's exponential smoothing, in seconds. */
const RATE_SMOOTHING_SECONDS = 8;

type ProgressLineOptions = {
  /** Milliseconds between redraws (default 100). */
  intervalMs?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
};

interface ProgressLine {
  update(progress: ConvertProgress): void;
  /** Writes `text` (one or more lines) above the progress line. */
  print(text: string): void;
  /** Erases the line; nothing is drawn afterwards. */
  stop(): void;
}

export function createProgressLine(stream: Writable & { columns?: number }, options: ProgressLineOptions = {}): ProgressLine {
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.intervalMs ?? 100;
  const started = now();
  const eta = new EtaEstimator(started / 1000);
  let lastDraw = Number.NEGATIVE_INFINITY;
  let latest: ConvertProgress | null = null;
  let shown = false;
  let stopped = false;

  const draw = (): void => {
    if (!latest || stopped) return;
    lastDraw = now();
    const text = formatProgress(latest, (lastDraw - started) / 1000, eta.secondsLeft(lastDraw / 1000, latest.bytes.done, latest.bytes.total));
    const width = stream.columns;
    stream.write(`${ERASE_LINE}${width && text.length >= width ? text.slice(0, width - 1) : text}`);
    shown = true;
  };
  const erase = (): void => {
    if (shown) stream.write(ERASE_LINE);
    shown = false;
  };

  return {
    update(progress) {
      latest = progress;
      const time = now();
      eta.sample(time / 1000, progress.bytes.done);
      if (time - lastDraw >= intervalMs) draw();
    },
    print(text) {
      erase();
      stream.write(`${text}\n`);
      draw();
    },
    stop() {
      erase();
      stopped = true;
    },
  };
}

/** `12/151 files, 20.5/200.0 MB, 11 sessions, 84.1 MB/s, ETA 0:02` (MB = 10^6 bytes). */
export function formatProgress(progress: ConvertProgress, elapsedSeconds: number, secondsLeft: number | null = null): string {
  const { files, bytes, sessions } = progress;
  const parts = [
    `${files.done}/${files.total} files`,
    `${formatMegabytes(bytes.done)}/${formatMegabytes(bytes.total)} MB`,
    `${sessions} session${sessions === 1 ? '' : 's'}`,
  ];
  const rate = elapsedSeconds > 0 ? bytes.done / elapsedSeconds : 0;
  if (rate > 0) parts.push(`${formatMegabytes(rate)} MB/s`);
  if (secondsLeft !== null) parts.push(`ETA ${formatDuration(secondsLeft)}`);
  return `converting: ${parts.join(', ')}`;
}

/**
 * The time left, from an exponentially smoothed rate of bytes done. The rate is measured
 * from the first sample with bytes done (worker start-up and the first file's latency do
 * not count) and bias-corrected while young (its average so far, not an average with
 * zero), and then follows the samples with a time constant of several seconds, so one
 * burst does not swing it. Null until ETA_MIN_SECONDS of measuring and ETA_MIN_FRACTION
 * of the bytes are done.
 */
export class EtaEstimator {
  private baseline: { seconds: number; done: number } | null = null;
  private lastTime = 0;
  private lastDone = 0;
  private smoothed = 0;
  /** The weight the samples so far carry in `smoothed` (1 - e^(-measured/τ)). */
  private weight = 0;

  constructor(private readonly startSeconds: number) {}

  sample(seconds: number, done: number): void {
    if (this.baseline === null) {
      if (done > 0 && seconds >= this.startSeconds) {
        this.baseline = { seconds, done };
        this.lastTime = seconds;
        this.lastDone = done;
      }
      return;
    }
    const dt = seconds - this.lastTime;
    if (dt <= 0) return;
    const alpha = 1 - Math.exp(-dt / RATE_SMOOTHING_SECONDS);
    this.smoothed += alpha * ((done - this.lastDone) / dt - this.smoothed);
    this.weight += alpha * (1 - this.weight);
    this.lastTime = seconds;
    this.lastDone = done;
  }

  secondsLeft(seconds: number, done: number, total: number): number | null {
    if (this.baseline === null || seconds - this.baseline.seconds < ETA_MIN_SECONDS || done < total * ETA_MIN_FRACTION || this.weight === 0) return null;
    const rate = this.smoothed / this.weight;
    return rate > 0 ? Math.max(0, total - done) / rate : null;
  }
}

/** `m:ss`, or `h:mm:ss` from an hour. */
export function formatDuration(seconds: number): string {
  const total = Math.ceil(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
