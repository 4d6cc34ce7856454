import { describe, expect, it } from '@jest/globals';
import { closestColumn, listColumns, unknownColumnText } from '@modelgate/core';

describe('column names in messages', () => {
  it.each([
    ['lable', ['x', 'label', 'y'], 'label'],
    ['Label', ['lab', 'label'], 'label'],
    ['temp_mx', ['temp_min', 'temp_max', 'tmp'], 'temp_max'],
    ['zz', [], undefined],
  ])('the closest to %j in %j is %j', (name, candidates, closest) => {
    expect(closestColumn(name, candidates)).toBe(closest);
  });

  it('lists 20 columns and counts the rest', () => {
    const names = Array.from({ length: 500 }, (_, i) => `c${i}`);
    const text = listColumns(names);
    expect(text).toMatch(/^"c0", "c1", .*"c19", … and 480 more$/);
  });

  it('clips a huge name', () => {
    const text = listColumns(['x'.repeat(10_000)]);
    expect(text.length).toBeLessThan(120);
    expect(text).toContain('(10000 characters)');
  });

  it('names the unknown column, the closest and the columns', () => {
    expect(unknownColumnText('lable', ['x', 'label'], 'd.csv')).toBe(
      'names the column "lable", which d.csv does not have; the closest is "label". Its columns: "x", "label".',
    );
  });
});
