import { describe, expect, it } from '@jest/globals';
import {
  aggregate,
  markdownTable,
  median,
  parseBenchLine,
  TABLE_HEADER,
  tableCells,
  textTable,
} from '../../bench/harness/aggregate';
import type { BenchmarkResult, RowSpec, Sample } from '../../bench/harness/aggregate';

const sample = (wallMs: number, rssMb?: number, metrics: Record<string, number> = {}): Sample => ({
  wallMs,
  peakRssKb: rssMb === undefined ? undefined : rssMb * 1024,
  metrics,
});

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
  it('is null without finite values, and ignores NaN', () => {
    expect(median([])).toBeNull();
    expect(median([Number.NaN])).toBeNull();
    expect(median([Number.NaN, 2, 4])).toBe(3);
  });
});

describe('aggregate', () => {
  const specs: RowSpec[] = [
    {
      case: 'csv',
      tool: 'modelgate',
      time: 'wall',
      units: { count: 3_000_000, name: 'rows' },
      peer: 'csv/pandas',
      targets: [
        { label: 'as fast as the peer', on: 'time-ratio', op: '<=', value: 1 },
        { label: 'less memory', on: 'rss-ratio', op: '<', value: 1 },
        { label: '≥ 1M rows/s', on: 'rate', op: '>=', value: 1_000_000 },
      ],
    },
    { case: 'csv', tool: 'pandas', time: 'wall', units: { count: 3_000_000, name: 'rows' } },
    {
      case: 'boot',
      tool: 'modelgate',
      time: 'f1Ms',
      targets: [{ label: 'under 2 s', on: 'ms', op: '<', value: 2000 }],
    },
    { case: 'skipped', tool: 'peerless', time: 'wall', peer: 'csv/missing-peer-is-an-error' },
  ];

  it('reports medians, rates, ratios against the peer and targets', () => {
    const samples = new Map<string, Sample[]>([
      ['csv/modelgate', [sample(2000, 100), sample(3000, 120), sample(9000, 110)]],
      ['csv/pandas', [sample(6000, 800), sample(5000, 900), sample(4000, 1000)]],
      ['boot/modelgate', [sample(9999, 50, { f1Ms: 1500 }), sample(9999, 50, { f1Ms: 2500 })]],
    ]);
    const [ours, peer, boot] = aggregate(specs.slice(0, 3), samples);
    expect(ours!.medianMs).toBe(3000);
    expect(ours!.medianPeakRssMb).toBe(110);
    expect(ours!.rate).toBe(1_000_000);
    expect(ours!.timeRatio).toBeCloseTo(3000 / 5000, 12);
    expect(ours!.rssRatio).toBeCloseTo(110 / 900, 12);
    expect(ours!.targets.map((t) => t.met)).toEqual([true, true, true]);
    expect(ours!.samplesMs).toEqual([2000, 3000, 9000]);
    expect(peer!.timeRatio).toBeNull();
    expect(peer!.targets).toEqual([]);
    // The time of a row may be a metric the child reported rather than the wall time.
    expect(boot!.medianMs).toBe(2000);
    expect(boot!.targets[0]).toEqual({
      label: 'under 2 s',
      on: 'ms',
      op: '<',
      value: 2000,
      actual: 2000,
      met: false,
    });
  });

  it('leaves a skipped peer’s ratios and targets undecided, not failed', () => {
    const samples = new Map<string, Sample[]>([['csv/modelgate', [sample(1000, 10)]]]);
    const [ours, peer] = aggregate(specs.slice(0, 2), samples);
    expect(peer!.runs).toBe(0);
    expect(peer!.medianMs).toBeNull();
    expect(ours!.timeRatio).toBeNull();
    expect(ours!.targets.map((t) => t.met)).toEqual([null, null, true]);
  });

  it('refuses a peer that is not a row of the benchmark', () => {
    expect(() => aggregate(specs.slice(3), new Map())).toThrow(/not a row/);
  });

  it('gives a computed row (no RSS) a null RSS median', () => {
    const [row] = aggregate(
      [{ case: 'e', tool: 'ideal', time: 'wall' }],
      new Map([['e/ideal', [sample(3125)]]]),
    );
    expect(row!.medianMs).toBe(3125);
    expect(row!.medianPeakRssMb).toBeNull();
  });
});

describe('results JSON and tables', () => {
  const rows = aggregate(
    [
      { case: 'c', tool: 'a|b', time: 'wall', units: { count: 10, name: 'x' }, peer: 'c/p' },
      { case: 'c', tool: 'p', time: 'wall' },
    ],
    new Map([
      ['c/a|b', [sample(500, 64)]],
      ['c/p', [sample(1000, 128)]],
    ]),
  );
  const result: BenchmarkResult = {
    benchmark: 'demo',
    description: 'fake samples',
    takenAt: '2026-01-01T00:00:00.000Z',
    runsRequested: 1,
    machine: {
      cpu: 'cpu',
      cores: 2,
      memoryGb: 8,
      nodeVersions: { node20: 'v20' },
      python: null,
      os: 'linux',
    },
    loadAverage: { before: [1, 1, 1], after: [1, 1, 1] },
    rows,
    notes: [],
  };

  it('round-trips through JSON with every row field', () => {
    const back = JSON.parse(JSON.stringify(result)) as BenchmarkResult;
    expect(back).toEqual(result);
    expect(Object.keys(back.rows[0]!).sort()).toEqual(
      [
        'case',
        'id',
        'medianMs',
        'medianPeakRssMb',
        'note',
        'peer',
        'rate',
        'rssRatio',
        'runs',
        'samplesMs',
        'samplesPeakRssMb',
        'targets',
        'time',
        'timeRatio',
        'tool',
        'units',
      ].sort(),
    );
  });

  it('formats cells in header order', () => {
    const cells = tableCells('demo', rows[0]!);
    expect(cells).toHaveLength(TABLE_HEADER.length);
    expect(cells).toEqual([
      'demo',
      'c',
      'a|b',
      '500 ms',
      '20 x/s',
      '64 MB',
      '×0.50',
      '×0.50',
      '',
      '',
    ]);
    expect(textTable([result]).split('\n')).toHaveLength(3);
  });

  it('escapes pipes in the markdown table', () => {
    const md = markdownTable([result]).split('\n');
    expect(md).toHaveLength(4);
    expect(md[2]).toContain('a\\|b');
  });
});

describe('parseBenchLine', () => {
  it('reads the last BENCH_RESULT line and keeps numbers only', () => {
    const out = 'noise\nBENCH_RESULT {"a":1}\nmore\nBENCH_RESULT {"a":2,"b":"x","c":3.5}\n';
    expect(parseBenchLine(out)).toEqual({ a: 2, c: 3.5 });
    expect(parseBenchLine('nothing here')).toEqual({});
  });
});
