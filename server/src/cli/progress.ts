import type { ProgressReport } from '../progress-report.ts';

/**
 * A long command's progress (../progress-report.ts) written on stderr and only to a terminal, so
 * piped or logged output stays the JSON result alone.
 */

/** One line: «seed: 45 % · 164 / 365 days · 21,300 answers/s · 12 s left». */
export function progressLine(label: string, report: ProgressReport, elapsedMs: number): string {
  const { done, total, unit, items } = report;
  const share = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 100;
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round((items?.count ?? done) / seconds) : 0;
  const left = done > 0 ? Math.max(0, Math.round((seconds * (total - done)) / done)) : undefined;
  return [
    `${label}: ${share} %`,
    `${count(done)} / ${count(total)} ${unit}`,
    `${count(rate)} ${items?.name ?? unit}/s`,
    left === undefined ? 'time left unknown' : `${duration(left)} left`,
  ].join(' · ');
}

/**
 * A reporter that rewrites one line of `stream` at most every `everyMs`, or does nothing when
 * the stream is not a terminal. `end()` clears the line, so the result printed next stands alone.
 */
export function terminalProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  { everyMs = 250, now = () => performance.now() } = {},
): { report: (progress: ProgressReport) => void; end: () => void } {
  if (!stream.isTTY) return { report: () => {}, end: () => {} };
  const started = now();
  let shownAt = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    report(progress) {
      const at = now();
      if (at - shownAt < everyMs && progress.done < progress.total) return;
      shownAt = at;
      shown = true;
      stream.write(`\r\x1b[2K${progressLine(label, progress, at - started)}`);
    },
    end() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}

const count = (n: number) => n.toLocaleString('en-US');

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
