/**
 * A progress line in the log on long runs: `done/total (pct) · rate/s · ETA · errors`, at most
 * every `intervalMs` (default 5 s), and never for runs that finish before the first interval.
 */
export interface Progress {
  /** Counts one finished example. */
  tick(errored: boolean): void;
  /** The final line, when any progress line was written. */
  finish(): void;
}

export function createProgress(
  total: number,
  log: (line: string) => void,
  now: () => number,
  intervalMs = 5000,
): Progress {
  const started = now();
  let last = started;
  let done = 0;
  let errors = 0;
  let wrote = false;
  const line = (t: number): string => {
    const seconds = Math.max((t - started) / 1000, 1e-9);
    const rate = done / seconds;
    const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
    const pct = total === 0 ? 100 : (100 * done) / total;
    return `evaluate-model: ${done}/${total} (${pct.toFixed(1)}%) · ${rate.toFixed(1)}/s · ETA ${formatSeconds(eta)} · ${errors} error${errors === 1 ? '' : 's'}`;
  };
  return {
    tick(errored) {
      done++;
      if (errored) errors++;
      const t = now();
      if (t - last >= intervalMs) {
        last = t;
        wrote = true;
        log(line(t));
      }
    },
    finish() {
      if (wrote) log(line(now()));
    },
  };
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${Math.round(seconds % 60)}s`;
  return `${Math.floor(m / 60)}h${m % 60}m`;
}
