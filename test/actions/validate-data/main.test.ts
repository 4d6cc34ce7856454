import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseReport } from '@modelgate/core';
import type { DataValidationReport } from '@modelgate/core';
import { loadRunContext } from '@modelgate/runner';
import type { ArtifactStore } from '@modelgate/runner';
import { run } from '../../../actions/validate-data/src/main';
import { FakeIO } from '../../helpers/fake-io';

const VEGA = new URL('../../../node_modules/vega-datasets/data/', import.meta.url).pathname;
let dir: string;

/** Writes seattle-weather rows whose date matches `keep` to a CSV in the temp folder. */
function seattle(name: string, keep: (date: string, index: number) => boolean): string {
  const lines = readFileSync(join(VEGA, 'seattle-weather.csv'), 'utf8').trim().split('\n');
  const rows = lines.slice(1).filter((line, i) => keep(line.slice(0, 10), i));
  const path = join(dir, name);
  writeFileSync(path, [lines[0], ...rows].join('\n') + '\n');
  return path;
}

class FakeStore implements ArtifactStore {
  readonly uploads: { name: string; files: readonly string[] }[] = [];
  available(): boolean {
    return true;
  }
  upload(name: string, files: readonly string[]) {
    this.uploads.push({ name, files });
    return Promise.resolve({ id: 1, name, size: 1 });
  }
  download() {
    return Promise.resolve([]);
  }
}

async function validate(inputs: Record<string, string>, store?: ArtifactStore) {
  const io = new FakeIO({ 'report-path': join(dir, 'report.json'), ...inputs });
  rmSync(join(dir, 'report.json'), { force: true });
  await run({ io, context: loadRunContext({}), artifacts: () => store, cwd: dir });
  const path = io.outputs.get('report') ?? join(dir, 'report.json');
  const report = existsSync(path)
    ? (parseReport(JSON.parse(readFileSync(path, 'utf8')), path, [
        'data-validation',
      ]) as DataValidationReport)
    : undefined;
  return { io, report };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'validate-data-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('validate-data on real data (seattle-weather)', () => {
  it('flags 2015 against 2012 as drifted, with scipy’s KS p-values, and fails the step', async () => {
    const data = seattle('2015.csv', (d) => d.startsWith('2015'));
    const reference = seattle('2012.csv', (d) => d.startsWith('2012'));
    const store = new FakeStore();
    const { io, report } = await validate({ data, reference }, store);
    expect(report!.status).toBe('fail');
    expect(io.failed).toMatch(/dataset drifted|3 of 5 columns/);
    expect(io.outputs.get('drifted-columns')).toBe('temp_max,temp_min,weather');
    expect(io.outputs.get('drift-share')).toBe('0.6');
    const col = (n: string) => report!.body.columns.find((c) => c.name === n)!;
    // Same values as test/fixtures/validate-data/expected.json (scipy.stats.ks_2samp).
    expect(col('temp_max').drift!.method).toBe('ks');
    expect(col('temp_max').drift!.pValue).toBeCloseTo(0.000316, 5);
    expect(col('precipitation').drift!.pValue).toBeCloseTo(0.06596, 4);
    expect(col('weather').drift!.method).toBe('chi2');
    expect(col('date').inferredType).toBe('datetime');
    expect(col('date').driftSkipped).toMatch(/datetime/);
    expect(report!.body.drift!.datasetDrift).toBe(true);
    expect(store.uploads).toEqual([
      { name: 'modelgate-data-validation', files: [join(dir, 'report.json')] },
    ]);
    expect(io.summary).toContain('| temp\\_max | number |');
    expect(report!.inputs.map((i) => i.role)).toEqual(['reference', 'data']);
  });

  it('does not flag two random halves of the same data (the no-drift control)', async () => {
    // The random halves of test/fixtures/validate-data/expected.json (numpy RandomState(42)).
    const fixture = JSON.parse(
      readFileSync(new URL('../../fixtures/validate-data/expected.json', import.meta.url), 'utf8'),
    ) as { drift: { dataset: string; split: string; reference: { indices: number[] } }[] };
    const split = fixture.drift.find(
      (c) => c.dataset === 'seattle-weather' && c.split.startsWith('random halves'),
    )!;
    const inReference = new Set(split.reference.indices);
    const data = seattle('half-a.csv', (_d, i) => !inReference.has(i));
    const reference = seattle('half-b.csv', (_d, i) => inReference.has(i));
    const { io, report } = await validate({ data, reference });
    expect(io.failed).toBeUndefined();
    expect(report!.body.drift!.drifted).toEqual([]);
    expect(report!.body.drift!.datasetDrift).toBe(false);
    expect(report!.status).toBe('pass');
    expect(io.outputs.get('status')).toBe('pass');
  });

  it('infers a schema that the same data then passes, and that names its source', async () => {
    const data = seattle('all.csv', () => true);
    const inferred = join(dir, 'schema.yml');
    const first = await validate({ data, 'infer-schema': inferred });
    expect(first.io.outputs.get('inferred-schema')).toBe(inferred);
    const yaml = readFileSync(inferred, 'utf8');
    expect(yaml).toMatch(/^# Draft data schema inferred by modelgate validate-data/);
    expect(yaml).toContain('  weather:\n');
    expect(yaml).toMatch(/allowed: \[ ?drizzle, fog, rain, snow, sun ?\]/);
    const second = await validate({ data, schema: inferred });
    expect(second.report!.status).toBe('pass');
    expect(second.report!.body.violations.total).toBe(0);
    expect(second.report!.body.columns.find((c) => c.name === 'temp_max')!.declaredType).toBe(
      'number',
    );
  });

  it('checks a declared schema cell by cell, with file and line for each violation', async () => {
    const data = seattle('2014.csv', (d) => d.startsWith('2014'));
    const schema = join(dir, 'strict.yml');
    writeFileSync(
      schema,
      [
        'columns:',
        '  temp_max: { type: number, max: 30 }',
        '  weather: { type: category, allowed: [rain, sun, fog, drizzle] }',
        '  station: { type: string }',
        'extra-columns: fail',
      ].join('\n'),
    );
    const { io, report } = await validate({ data, schema, 'max-annotations': '3' });
    expect(report!.status).toBe('fail');
    const codes = report!.body.violations.byCode;
    expect(codes['missing-column']).toBe(1);
    expect(codes['extra-column']).toBe(4); // date, precipitation, temp_min, wind
    expect(codes.max).toBeGreaterThan(0);
    const lines = readFileSync(data, 'utf8').split('\n');
    const tooHot = report!.findings.find((f) => f.code === 'max' && f.line !== undefined)!;
    expect(Number(lines[tooHot.line! - 1]!.split(',')[2])).toBeGreaterThan(30);
    const snow = report!.findings.find((f) => f.code === 'allowed' && f.line !== undefined)!;
    expect(lines[snow.line! - 1]).toMatch(/,snow$/);
    expect(io.annotations.filter((a) => a.props?.title?.startsWith('validate-data'))).toHaveLength(
      3,
    );
  });
});

describe('validate-data on bad input', () => {
  it('points at text in a numeric column by file and line', async () => {
    const data = join(dir, 'text-in-number.csv');
    writeFileSync(data, 'id,price\n1,10.5\n2,11\n3,twelve\n4,13\n5,n/a\n');
    const { io, report } = await validate({ data });
    expect(report!.status).toBe('fail');
    const typeFindings = report!.findings.filter((f) => f.code === 'type' && f.line !== undefined);
    expect(typeFindings.map((f) => f.line)).toEqual([4, 6]);
    expect(io.annotations.some((a) => a.props?.file === data && a.props.startLine === 4)).toBe(
      true,
    );
  });

  it('reports ragged rows with their lines, still writes the report, and exits 1', async () => {
    const data = join(dir, 'ragged.csv');
    writeFileSync(data, 'a,b\n1,2\n3\n4,5\n6,7,8\n');
    const { io, report } = await validate({ data, 'fail-on': 'none' });
    expect(io.failed).toBeDefined();
    expect(report!.status).toBe('fail');
    const ragged = report!.findings.filter((f) => f.code === 'ragged-row' && f.line !== undefined);
    expect(ragged.map((f) => f.line)).toEqual([3, 5]);
    expect(report!.body.data.rows).toBe(2);
  });

  it('reports a broken JSON line', async () => {
    const data = join(dir, 'broken.jsonl');
    writeFileSync(data, '{"a": 1}\n{"a": 2\n{"a": 3}\n');
    const { io, report } = await validate({ data });
    expect(io.failed).toMatch(/broken\.jsonl:2/);
    expect(report!.findings.find((f) => f.code === 'bad-json')!.line).toBe(2);
  });

  it('reports invalid UTF-8', async () => {
    const data = join(dir, 'latin1.csv');
    writeFileSync(
      data,
      Buffer.concat([
        Buffer.from('name,n\nok,1\n'),
        Buffer.from([0x63, 0x61, 0x66, 0xe9]),
        Buffer.from(',2\n'),
      ]),
    );
    const { io, report } = await validate({ data });
    expect(io.failed).toBeDefined();
    expect(report!.findings.find((f) => f.code === 'invalid-utf8')!.line).toBe(3);
  });

  it.each([
    ['a missing file', { data: 'nope.csv' }, /nope\.csv/],
    ['an unknown format', { data: 'data.xlsx' }, /xlsx|format/i],
    ['an empty dataset', { data: 'empty.csv' }, /no rows|empty/i],
  ])(
    'stops on %s with a clear message, no stack trace, and an error report',
    async (_name, inputs, message) => {
      writeFileSync(join(dir, 'data.xlsx'), 'x');
      writeFileSync(join(dir, 'empty.csv'), 'a,b\n');
      const { io, report } = await validate(inputs);
      expect(io.failed).toMatch(message);
      expect(io.failed).not.toMatch(/\n\s+at /);
      expect(io.debugs.join('\n')).not.toMatch(/Internal error/);
      expect(report!.status).toBe('error');
      expect(io.outputs.get('status')).toBe('error');
    },
  );

  it('names the file, line and key path of an invalid schema', async () => {
    const data = seattle('s.csv', (d) => d.startsWith('2013'));
    const schema = join(dir, 'bad-schema.yml');
    writeFileSync(schema, 'columns:\n  temp_max:\n    type: number\n    min: low\n');
    const { io, report } = await validate({ data, schema });
    expect(io.failed).toContain(`${schema}:4:`);
    expect(io.failed).toContain('columns.temp_max.min');
    expect(report!.status).toBe('error');
    expect(io.annotations[0]!.props).toMatchObject({ file: schema, startLine: 4 });
  });

  it('rejects a bad input value naming the input', async () => {
    const { io } = await validate({ data: 'x.csv', 'drift-share': '50%' });
    expect(io.failed).toMatch(/Input 'drift-share' must be a fraction/);
  });
});

describe('validate-data on JSON and Parquet-like typed data', () => {
  it('profiles penguins (JSON array with nulls) and finds label drift between halves', async () => {
    const all = JSON.parse(readFileSync(join(VEGA, 'penguins.json'), 'utf8')) as unknown[];
    writeFileSync(join(dir, 'p1.json'), JSON.stringify(all.slice(0, 172)));
    writeFileSync(join(dir, 'p2.json'), JSON.stringify(all.slice(172)));
    const { report } = await validate({
      data: 'p2.json',
      reference: 'p1.json',
      'label-column': 'Species',
    });
    const b = report!.body;
    expect(b.drift!.labelDrift).toMatchObject({
      column: 'Species',
      method: 'jensenshannon',
      drifted: true,
    });
    expect(report!.findings.some((f) => f.code === 'label-drift')).toBe(true);
    expect(b.columns.find((c) => c.name === 'Beak Length (mm)')!.data.nulls).toBeGreaterThan(0);
    expect(b.columns.find((c) => c.name === 'Body Mass (g)')!.inferredType).toBe('integer');
    expect(
      report!.findings.some((f) => f.code === 'unseen-category' && f.subject === 'Species'),
    ).toBe(true);
  });
});

describe('validate-data on compressed, Parquet and projected input', () => {
  const PARQUET = new URL('../../fixtures/data/parquet/', import.meta.url).pathname;

  it('reads gzip-compressed CSV exactly as the plain file (2015 against 2012)', async () => {
    const data = seattle('2015-plain.csv', (d) => d.startsWith('2015'));
    const reference = seattle('2012-plain.csv', (d) => d.startsWith('2012'));
    writeFileSync(join(dir, '2015.csv.gz'), gzipSync(readFileSync(data)));
    const plain = await validate({ data, reference });
    const gz = await validate({ data: '2015.csv.gz', reference });
    expect(gz.io.outputs.get('drifted-columns')).toBe('temp_max,temp_min,weather');
    expect(gz.report!.body.columns).toEqual(plain.report!.body.columns);
    expect(gz.report!.inputs.find((i) => i.role === 'data')).toMatchObject({ rows: 365 });
  });

  it('validates Parquet (ZSTD) against Parquet (Snappy) of the same rows: no drift', async () => {
    // The fixtures' 5,000 rows follow test/fixtures/data/make-parquet-fixtures.mjs: x is null
    // when i % 7 = 0, else i / 2 (checked against DuckDB in test/data/parquet.test.ts); big is
    // INT64 with one value beyond 2^53; tags a list of INT64.
    const rows = 5000;
    const xs = Array.from({ length: rows }, (_, i) => i).flatMap((i) =>
      i % 7 === 0 ? [] : [i * 0.5],
    );
    const { io, report } = await validate({
      data: join(PARQUET, 'mixed-zstd.parquet'),
      reference: join(PARQUET, 'mixed-snappy.parquet'),
    });
    expect(io.failed).toBeUndefined();
    expect(report!.status).toBe('pass');
    expect(report!.body.drift!.drifted).toEqual([]);
    const x = report!.body.columns.find((c) => c.name === 'x')!;
    expect(x.data.nulls).toBe(rows - xs.length);
    expect(x.data.numeric!.mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 9);
    expect(report!.inputs.find((i) => i.role === 'data')).toMatchObject({ rows });
    expect(report!.body.columns.find((c) => c.name === 'tags')!.data.nulls).toBe(834);
  });

  it('checks only the `columns` given, and says when one is missing', async () => {
    const data = seattle('2015-cols.csv', (d) => d.startsWith('2015'));
    const reference = seattle('2012-cols.csv', (d) => d.startsWith('2012'));
    const { io, report } = await validate({ data, reference, columns: 'temp_max, wind' });
    expect(report!.body.columns.map((c) => c.name)).toEqual(['temp_max', 'wind']);
    expect(io.outputs.get('drifted-columns')).toBe('temp_max');
    const missing = await validate({ data, reference, columns: 'temp_max, humidity' });
    expect(missing.io.failed).toMatch(/humidity/);
  });
});

describe('validate-data artifacts', () => {
  it('keeps the report and warns when the upload fails', async () => {
    const data = seattle('up.csv', (d) => d.startsWith('2013'));
    const failing: ArtifactStore = {
      available: () => true,
      upload: () => Promise.reject(new Error('503 from the results service')),
      download: () => Promise.resolve([]),
    };
    const { io, report } = await validate({ data }, failing);
    expect(report!.status).not.toBe('error');
    expect(
      io.annotations.some((a) => a.level === 'warning' && /Could not upload/.test(a.message)),
    ).toBe(true);
  });

  it('does not upload when the runner offers no artifacts', async () => {
    const data = seattle('noup.csv', (d) => d.startsWith('2013'));
    const store = new FakeStore();
    store.available = () => false;
    await validate({ data }, store);
    expect(store.uploads).toEqual([]);
  });
});
