import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReport } from '@modelgate/core';
import type { DataValidationReport } from '@modelgate/core';
import { loadRunContext } from '@modelgate/runner';
import { run } from '../../../actions/validate-data/src/main';
import { FakeIO } from '../../helpers/fake-io';

let dir: string;

async function validate(inputs: Record<string, string>) {
  const io = new FakeIO({ 'report-path': join(dir, 'report.json'), ...inputs });
  rmSync(join(dir, 'report.json'), { force: true });
  await run({ io, context: loadRunContext({}), artifacts: () => undefined, cwd: dir });
  const path = join(dir, 'report.json');
  const report = existsSync(path)
    ? (parseReport(JSON.parse(readFileSync(path, 'utf8')), path, [
        'data-validation',
      ]) as DataValidationReport)
    : undefined;
  return { io, report };
}

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'validate-data-bad-'));
  write('d.csv', 'id,x,label\n1,1.5,a\n2,2.5,b\n3,3.5,a\n4,4.5,b\n');
  write('r.csv', 'id,x,label\n1,1.5,a\n2,2.5,b\n3,3.5,a\n4,4.5,b\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('validate-data: inputs that name no column', () => {
  it.each([
    [
      { 'label-column': 'lable' },
      `Input 'label-column' names the column "lable", which d.csv does not have; the closest is "label". Its columns: "id", "x", "label".`,
    ],
    [
      { 'id-column': 'ID_' },
      `Input 'id-column' names the column "ID_", which d.csv does not have; the closest is "id".`,
    ],
    [
      { 'ignore-columns': 'x,lbl' },
      `Input 'ignore-columns' names the column "lbl", which d.csv does not have; the closest is "label".`,
    ],
    [
      { reference: 'r.csv', 'label-column': 'labels' },
      `Input 'label-column' names the column "labels", which d.csv or r.csv does not have; the closest is "label".`,
    ],
    [
      { 'id-column': 'id', 'ignore-columns': 'id' },
      `Input 'id-column' names the column "id", which the input 'ignore-columns' leaves out.`,
    ],
    [
      { 'label-column': 'label', columns: 'id,x' },
      `Input 'label-column' names the column "label", which the input 'columns' leaves out (it reads only "id", "x").`,
    ],
  ])(
    '%j fails the step, naming the input, the name and the closest column',
    async (inputs, message) => {
      const { io, report } = await validate({ data: 'd.csv', ...inputs });
      expect(io.failed).toContain(message);
      expect(io.failed).not.toMatch(/Internal error|\n\s+at /);
      expect(report!.status).toBe('error');
    },
  );

  it("fails on the schema's label or id naming no column, at the schema file", async () => {
    write('schema.yml', 'label: lable\ncolumns:\n  x: { type: number }\n');
    const { io } = await validate({ data: 'd.csv', schema: 'schema.yml' });
    expect(io.failed).toBe(
      `schema.yml: The schema's 'label' names the column "lable", which d.csv does not have; the closest is "label". Its columns: "id", "x", "label". Column names are case-sensitive; use one of the columns listed.`,
    );
  });

  it('lists at most 20 of 300 columns', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `feature_${i}`);
    write('wide.csv', `${names.join(',')}\n${names.map(() => '1').join(',')}\n`);
    const { io } = await validate({ data: 'wide.csv', 'label-column': 'featur_299' });
    expect(io.failed).toContain('the closest is "feature_299"');
    expect(io.failed).toContain('"feature_19", … and 280 more.');
  });
});

describe('validate-data: a columns entry that no JSON row has', () => {
  it.each([
    ['d.jsonl', '{"id":1,"label":"a"}\n{"id":2,"label":"b"}\n'],
    ['d.json', '[{"id":1,"label":"a"},{"id":2,"label":"b"}]\n'],
  ])(
    '%s: fails, naming it and the closest key, instead of a column of nulls',
    async (name, text) => {
      write(name, text);
      const { io } = await validate({ data: name, columns: 'id,lable' });
      expect(io.failed).toBe(
        `${name}: No row has the column "lable" of the column list; the closest key of the first row is "label". The first row's keys: "id", "label". Check the column names in the inputs against the data.`,
      );
    },
  );
});

describe('validate-data: a declared column that is missing', () => {
  it('names the closest undeclared column', async () => {
    write('typo.yml', 'columns:\n  id: {}\n  lable: { type: category }\n');
    const { report } = await validate({ data: 'd.csv', schema: 'typo.yml' });
    const missing = report!.findings.find((f) => f.code === 'missing-column')!;
    expect(missing.message).toBe(
      'The required column lable is missing from d.csv; the closest undeclared column is "label".',
    );
  });
});

describe('validate-data: a schema file that declares nothing', () => {
  it.each([
    ['empty', ''],
    ['comments only', '# to do\n'],
    ['version only', 'version: 1\n'],
    ['empty columns', 'version: 1\ncolumns: {}\n'],
  ])('fails the step (%s)', async (_what, text) => {
    write('empty.yml', text);
    const { io } = await validate({ data: 'd.csv', schema: 'empty.yml' });
    expect(io.failed).toMatch(/^empty\.yml: The schema file declares nothing/);
  });
});

describe('validate-data: non-finite numbers in every format', () => {
  it.each([
    [
      'csv',
      'nf.csv',
      'id,y\n1,1.5\n2,inf\n3,2.5\n4,1e999\n5,-Infinity\n6,NaN\n7,3.5\n',
      [3, 5, 6, 7],
    ],
    [
      'jsonl',
      'nf.jsonl',
      '{"id":1,"y":1.5}\n{"id":2,"y":1e999}\n{"id":3,"y":2.5}\n{"id":4,"y":-1e999}\n{"id":5,"y":3.5}\n',
      [2, 4],
    ],
    [
      'json',
      'nf.json',
      '[\n{"id":1,"y":1.5},\n{"id":2,"y":1e999},\n{"id":3,"y":2.5},\n{"id":4,"y":-1e400},\n{"id":5,"y":3.5}\n]\n',
      [3, 5],
    ],
    ['parquet', 'non-finite.parquet', undefined, [2, 4, 5]],
  ])(
    '%s: a non-finite finding with the lines, and statistics of the finite values',
    async (_f, name, text, lines) => {
      if (text === undefined) {
        copyFileSync(
          new URL(`../../fixtures/data/parquet/${name}`, import.meta.url),
          join(dir, name),
        );
      } else {
        write(name, text);
      }
      const { io, report } = await validate({ data: name });
      const findings = report!.findings.filter((f) => f.code === 'non-finite');
      expect(findings.map((f) => f.line)).toEqual(lines);
      expect(findings.every((f) => f.subject === 'y' && f.severity === 'error')).toBe(true);
      const y = report!.body.columns.find((c) => c.name === 'y')!;
      expect(y.data.nonFinite).toBe(lines.length);
      expect(y.data.numeric).toMatchObject({ mean: 2.5, min: 1.5, max: 3.5 });
      expect(io.failed).toMatch(/not a finite number/);
      expect(report!.findings.some((f) => /is null/.test(f.message))).toBe(false);
    },
  );
});
