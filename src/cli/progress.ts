/**
 * The live progress line of `convert` on an interactive terminal: files, MB done
 * of the total, sessions, throughput and time left, redrawn in place at most every
 * `intervalMs`. Other output (warnings) goes through `print`, which clears the line
 * first so the two never mix. A single status line needs nothing but a carriage
 * return and an erase-line escape, so no terminal library is involved.
 */
import type { Writable } from 'node:stream';
import type { ConvertProgress } from '../convert/convert.js';

const ERASE_LINE = '\r\u001b[2K';
const MB = 1024 * 1024;

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
  let lastDraw = Number.NEGATIVE_INFINITY;
  let latest: ConvertProgress | null = null;
  let shown = false;
  let stopped = false;

  const draw = (): void => {
    if (!latest || stopped) return;
    lastDraw = now();
    const text = formatProgress(latest, (lastDraw - started) / 1000);
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
      if (now() - lastDraw >= intervalMs) draw();
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

/** `12/151 files, 20.5/200.0 MB, 11 sessions, 84.1 MB/s, ETA 0:02` */
export function formatProgress(progress: ConvertProgress, elapsedSeconds: number): string {
  const { files, bytes, sessions } = progress;
  const parts = [
    `${files.done}/${files.total} files`,
    `${(bytes.done / MB).toFixed(1)}/${(bytes.total / MB).toFixed(1)} MB`,
    `${sessions} session${sessions === 1 ? '' : 's'}`,
  ];
  const rate = elapsedSeconds > 0 ? bytes.done / elapsedSeconds : 0;
  if (rate > 0) {
    parts.push(`${(rate / MB).toFixed(1)} MB/s`);
    parts.push(`ETA ${formatDuration(Math.max(0, bytes.total - bytes.done) / rate)}`);
  }
  return `converting: ${parts.join(', ')}`;
}

/** `m:ss`, or `h:mm:ss` from an hour. */
export function formatDuration(seconds: number): string {
  const total = Math.ceil(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
