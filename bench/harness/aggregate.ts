/**
 * The pure part of the bench harness: medians of samples, ratios against a peer, targets, the
 * results JSON and the printed table. No I/O and no clock, so that a test can feed it fake
 * samples (test/bench/aggregate.test.ts).
 */

/** One run of one child process. */
export interface Sample {
  /** Wall time of the child, from spawn to exit, in ms. */
  readonly wallMs: number;
  /** Peak resident set of the child (GNU time's %M), in KiB; undefined for a computed row. */
  readonly peakRssKb: number | undefined;
  /** Numbers the child printed on its `BENCH_RESULT {...}` line (e.g. an in-process time). */
  readonly metrics: Readonly<Record<string, number>>;
}

/** A target as data, so that the table and the JSON can show it and a test can check it. */
export interface Target {
  readonly label: string;
  /** `ms`: the row's median time; `rate`: units per second; `time-ratio` / `rss-ratio`: ours / peer's. */
  readonly on: 'ms' | 'rate' | 'time-ratio' | 'rss-ratio';
  readonly op: '<=' | '<' | '>=';
  readonly value: number;
}

/** What one table row measures. Several rows may share one job's samples. */
export interface RowSpec {
  /** Unique within the benchmark: `<case>/<tool>`. */
  readonly case: string;
  readonly tool: string;
  /** `wall`, or the name of a metric the child reported, in ms. */
  readonly time: string;
  /** Work done per run, for the rate column. */
  readonly units?: { readonly count: number; readonly name: string };
  /** The `case/tool` id of the row this one is compared with (ratio = ours / theirs). */
  readonly peer?: string;
  readonly targets?: readonly Target[];
  readonly note?: string;
}

export interface TargetResult {
  readonly label: string;
  readonly on: Target['on'];
  readonly op: Target['op'];
  readonly value: number;
  readonly actual: number | null;
  /** null when the row has no value to compare (e.g. the peer was skipped). */
  readonly met: boolean | null;
}

export interface RowResult {
  readonly id: string;
  readonly case: string;
  readonly tool: string;
  readonly time: string;
  readonly runs: number;
  readonly medianMs: number | null;
  readonly samplesMs: readonly number[];
  readonly medianPeakRssMb: number | null;
  readonly samplesPeakRssMb: readonly number[];
  readonly units: { readonly count: number; readonly name: string } | null;
  /** units per second at the median time. */
  readonly rate: number | null;
  readonly peer: string | null;
  /** ours / peer's median time (below 1: faster than the peer). */
  readonly timeRatio: number | null;
  /** ours / peer's median peak RSS (below 1: less memory). */
  readonly rssRatio: number | null;
  readonly targets: readonly TargetResult[];
  readonly note: string | null;
}

export function median(values: readonly number[]): number | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

function ratio(ours: number | null, theirs: number | null): number | null {
  return ours === null || theirs === null || theirs === 0 ? null : ours / theirs;
}

function timeOf(sample: Sample, time: string): number {
  return time === 'wall' ? sample.wallMs : (sample.metrics[time] ?? Number.NaN);
}

interface Partial {
  readonly spec: RowSpec;
  readonly samplesMs: number[];
  readonly samplesRss: number[];
  readonly medianMs: number | null;
  readonly medianRss: number | null;
}

function check(t: Target, actual: number | null): TargetResult {
  const met =
    actual === null
      ? null
      : t.op === '<='
        ? actual <= t.value
        : t.op === '<'
          ? actual < t.value
          : actual >= t.value;
  return { label: t.label, on: t.on, op: t.op, value: t.value, actual, met };
}

/**
 * Aggregates the rows of one benchmark: `samples` maps a row id (`case/tool`) to its runs
 * (an empty list when the row was skipped).
 */
export function aggregate(
  specs: readonly RowSpec[],
  samples: ReadonlyMap<string, readonly Sample[]>,
): RowResult[] {
  const partial = new Map<string, Partial>();
  for (const spec of specs) {
    const runs = samples.get(rowId(spec)) ?? [];
    const samplesMs = runs.map((s) => timeOf(s, spec.time));
    const samplesRss = runs.flatMap((s) => (s.peakRssKb === undefined ? [] : [s.peakRssKb / 1024]));
    partial.set(rowId(spec), {
      spec,
      samplesMs,
      samplesRss,
      medianMs: median(samplesMs),
      medianRss: median(samplesRss),
    });
  }
  return specs.map((spec) => {
    const p = partial.get(rowId(spec))!;
    const peer = spec.peer === undefined ? undefined : partial.get(spec.peer);
    if (spec.peer !== undefined && peer === undefined)
      throw new Error(`row ${rowId(spec)}: peer ${spec.peer} is not a row of this benchmark`);
    const rate =
      spec.units === undefined || p.medianMs === null || p.medianMs === 0
        ? null
        : spec.units.count / (p.medianMs / 1000);
    const timeRatio = peer ? ratio(p.medianMs, peer.medianMs) : null;
    const rssRatio = peer ? ratio(p.medianRss, peer.medianRss) : null;
    const value = { ms: p.medianMs, rate, 'time-ratio': timeRatio, 'rss-ratio': rssRatio };
    return {
      id: rowId(spec),
      case: spec.case,
      tool: spec.tool,
      time: spec.time,
      runs: p.samplesMs.length,
      medianMs: p.medianMs,
      samplesMs: p.samplesMs,
      medianPeakRssMb: p.medianRss,
      samplesPeakRssMb: p.samplesRss,
      units: spec.units ?? null,
      rate,
      peer: spec.peer ?? null,
      timeRatio,
      rssRatio,
      targets: (spec.targets ?? []).map((t) => check(t, value[t.on])),
      note: spec.note ?? null,
    };
  });
}

export function rowId(spec: { readonly case: string; readonly tool: string }): string {
  return `${spec.case}/${spec.tool}`;
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly nodeVersions: Readonly<Record<string, string>>;
  readonly python: string | null;
  readonly os: string;
}

export interface BenchmarkResult {
  readonly benchmark: string;
  readonly description: string;
  readonly takenAt: string;
  readonly runsRequested: number;
  readonly machine: MachineInfo;
  /** 1-, 5- and 15-minute load averages before and after the benchmark. */
  readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
  readonly rows: readonly RowResult[];
  readonly notes: readonly string[];
}

export function benchmarkResult(
  fields: Omit<BenchmarkResult, 'rows'>,
  rows: readonly RowResult[],
): BenchmarkResult {
  return { ...fields, rows };
}

function fmtMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(0)} ms`;
}

function fmtRate(rate: number | null, units: RowResult['units']): string {
  if (rate === null || units === null) return '–';
  const r =
    rate >= 1e6
      ? `${(rate / 1e6).toFixed(2)} M`
      : rate >= 1e3
        ? `${(rate / 1e3).toFixed(1)} k`
        : rate.toFixed(0);
  return `${r} ${units.name}/s`;
}

function fmtRatio(r: number | null): string {
  return r === null ? '–' : `×${r.toFixed(2)}`;
}

function fmtTargets(targets: readonly TargetResult[]): { target: string; met: string } {
  if (targets.length === 0) return { target: '', met: '' };
  return {
    target: targets.map((t) => t.label).join('; '),
    met: targets.map((t) => (t.met === null ? 'n/a' : t.met ? 'yes' : 'NO')).join('; '),
  };
}

export const TABLE_HEADER = [
  'benchmark',
  'case',
  'tool',
  'median',
  'rate',
  'peak RSS',
  'time vs peer',
  'RSS vs peer',
  'target',
  'met?',
] as const;

/** The cells of one row, in TABLE_HEADER order. */
export function tableCells(benchmark: string, row: RowResult): string[] {
  const { target, met } = fmtTargets(row.targets);
  return [
    benchmark,
    row.case,
    row.tool,
    row.runs === 0 ? 'skipped' : fmtMs(row.medianMs),
    fmtRate(row.rate, row.units),
    row.medianPeakRssMb === null ? '–' : `${row.medianPeakRssMb.toFixed(0)} MB`,
    fmtRatio(row.timeRatio),
    fmtRatio(row.rssRatio),
    target,
    met,
  ];
}

/** A fixed-width text table for the terminal. */
export function textTable(results: readonly BenchmarkResult[]): string {
  const lines = [
    [...TABLE_HEADER],
    ...results.flatMap((r) => r.rows.map((row) => tableCells(r.benchmark, row))),
  ];
  const widths = TABLE_HEADER.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines
    .map((l) =>
      l
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A GitHub-flavoured markdown table (for bench/README.md). */
export function markdownTable(results: readonly BenchmarkResult[]): string {
  const esc = (s: string): string => s.replaceAll('|', '\\|');
  const lines = [
    `| ${TABLE_HEADER.join(' | ')} |`,
    `|${TABLE_HEADER.map(() => '---').join('|')}|`,
    ...results.flatMap((r) =>
      r.rows.map((row) => `| ${tableCells(r.benchmark, row).map(esc).join(' | ')} |`),
    ),
  ];
  return lines.join('\n');
}

/** Parses the child's `BENCH_RESULT {json}` line (the last one wins); {} when there is none. */
export function parseBenchLine(stdout: string): Record<string, number> {
  const lines = stdout.split('\n').filter((l) => l.startsWith('BENCH_RESULT '));
  const last = lines.at(-1);
  if (last === undefined) return {};
  const parsed = JSON.parse(last.slice('BENCH_RESULT '.length)) as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'number') out[k] = v;
  return out;
}
