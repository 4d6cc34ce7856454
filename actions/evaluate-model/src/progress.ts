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

/** The most ticks between two reads of the clock. */
const MAX_STRIDE = 64;

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
  // The clock is read every `stride` ticks: 1 while ticks are ≥ 1 ms apart, up to MAX_STRIDE
  // when they come faster (a predictions file gives 250,000 in a few ms, where reading the clock
  // each time would cost more than the rest of the tick).
  let stride = 1;
  let untilRead = 1;
  let lastRead = started;
  return {
    tick(errored) {
      done++;
      if (errored) errors++;
      if (--untilRead > 0) return;
      const t = now();
      stride = t - lastRead < 1 ? Math.min(stride * 2, MAX_STRIDE) : 1;
      untilRead = stride;
      lastRead = t;
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
