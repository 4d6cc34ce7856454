import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  autoDriftMethod,
  chi2Sf,
  kolmogorovSf,
  normalCdf,
  pooledDistinct,
  runDriftTest,
} from '@modelgate/core';
import type { DriftMethod } from '@modelgate/core';
import {
  categoricalDistribution,
  loadVega,
  numbersOf,
  numericDistribution,
  selectRows,
  stringsOf,
} from '../../helpers/vega-data';
import type { Selector } from '../../helpers/vega-data';

// Reference values: python3 test/fixtures/validate-data/make-expected.py (scipy 1.10.1, numpy
// 1.24.2, pandas 1.5.3 from Debian; Evidently's stattests reproduced from its source).
interface DriftCase {
  dataset: 'seattle-weather' | 'flights-200k' | 'penguins';
  split: string;
  reference: Selector;
  current: Selector;
  column: string;
  numeric: boolean;
  nRef: number;
  nCur: number;
  auto: DriftMethod;
  results: Record<string, { statistic: number | 'inf'; pValue: number | null }>;
}
const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/validate-data/expected.json', import.meta.url), 'utf8'),
) as {
  drift: DriftCase[];
  kstwo: { n: number; x: number; sf: number }[];
  chi2sf: { x: number; dof: number; sf: number }[];
  normcdf: { z: number; cdf: number }[];
};

const TOLERANCE = 1e-6;

function close(actual: number | null, wanted: number | null): void {
  if (wanted === null || actual === null) {
    expect(actual).toBe(wanted);
    return;
  }
  if (!Number.isFinite(wanted)) {
    expect(actual).toBe(wanted);
    return;
  }
  expect(Math.abs(actual - wanted)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(wanted)));
}

function sides(c: DriftCase) {
  const rows = loadVega(c.dataset);
  const ref = selectRows(rows, c.reference);
  const cur = selectRows(rows, c.current);
  return c.numeric
    ? {
        ref: numericDistribution(numbersOf(ref, c.column)),
        cur: numericDistribution(numbersOf(cur, c.column)),
      }
    : {
        ref: categoricalDistribution(stringsOf(ref, c.column)),
        cur: categoricalDistribution(stringsOf(cur, c.column)),
      };
}

const cases = expected.drift.flatMap((c) =>
  Object.entries(c.results).map(([method, r]) => ({ c, method: method as DriftMethod, r })),
);

describe('drift stattests match scipy and Evidently within 1e-6', () => {
  it.each(cases.map((x) => [`${x.c.dataset} ${x.c.split} ${x.c.column} ${x.method}`, x] as const))(
    '%s',
    (_name, { c, method, r }) => {
      const { ref, cur } = sides(c);
      const drift = runDriftTest(method, ref, cur);
      if (method === 'ks' || method === 'chi2' || method === 'z') {
        close(drift.pValue, r.pValue);
        // scipy reports chisquare's infinite statistic; the report keeps null for it.
        if (r.statistic !== 'inf') {
          close(
            method === 'z' ? Math.abs(drift.statistic!) : drift.statistic,
            method === 'z' ? Math.abs(r.statistic) : r.statistic,
          );
        } else expect(drift.statistic).toBeNull();
      } else {
        close(drift.statistic, r.statistic as number);
      }
    },
  );

  it.each(expected.drift.map((c) => [`${c.dataset} ${c.split} ${c.column}`, c] as const))(
    'auto picks Evidently’s method: %s',
    (_name, c) => {
      const { ref, cur } = sides(c);
      expect(ref.kind === 'numeric' ? ref.sample.total : ref.total).toBe(c.nRef);
      const method = autoDriftMethod(ref.kind, c.nRef, pooledDistinct(ref, cur));
      expect(method).toBe(c.auto);
    },
  );

  it('does not flag random halves of one dataset at the default thresholds', () => {
    const controls = expected.drift.filter((c) => c.split.startsWith('random halves'));
    expect(controls.length).toBeGreaterThan(5);
    for (const c of controls) {
      const { ref, cur } = sides(c);
      expect(runDriftTest(c.auto, ref, cur).drifted).toBe(false);
    }
  });

  it('flags temperatures of 2012 against 2015 in Seattle', () => {
    const c = expected.drift.find(
      (x) => x.split.startsWith('2012 vs 2015') && x.column === 'temp_max',
    )!;
    const { ref, cur } = sides(c);
    expect(runDriftTest('ks', ref, cur).drifted).toBe(true);
  });
});

describe('distribution functions match scipy', () => {
  it.each(expected.kstwo.map((k) => [k.n, k.x, k.sf] as const))(
    'kstwo.sf(x, n=%p) at x=%p',
    (n, x, sf) => {
      close(kolmogorovSf(n, x), sf);
    },
  );
  it.each(expected.chi2sf.map((k) => [k.x, k.dof, k.sf] as const))(
    'chi2.sf(%p, %p)',
    (x, dof, sf) => {
      close(chi2Sf(x, dof), sf);
    },
  );
  it.each(expected.normcdf.map((k) => [k.z, k.cdf] as const))('norm.cdf(%p)', (z, cdf) => {
    close(normalCdf(z), cdf);
  });
});
