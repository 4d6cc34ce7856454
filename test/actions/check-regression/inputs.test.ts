import { describe, expect, it } from '@jest/globals';
import { parseInputs } from '../../../actions/check-regression/src/inputs';

const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('check-regression parseInputs', () => {
  it('applies the documented defaults', () => {
    expect(parseInputs(get({ candidate: 'e.json' }))).toEqual({
      candidate: 'e.json',
      baseline: { kind: 'none' },
      githubToken: '',
      policy: undefined,
      maxAccuracyDrop: undefined,
      maxLatencyIncreasePct: undefined,
      maxCostIncreasePct: undefined,
      alpha: 0.05,
      bootstrapResamples: 10000,
      seed: 42,
      noiseVerdict: 'warn',
      noBaseline: 'warn',
      reportPath: 'modelgate/regression.json',
      artifactName: undefined,
    });
  });

  it('reads the artifact baseline and the shortcuts', () => {
    const inputs = parseInputs(
      get({
        candidate: 'e.json',
        'baseline-artifact': 'modelgate-evaluation',
        'baseline-workflow': 'ci.yml',
        'baseline-max-age-days': '30',
        'max-accuracy-drop': '0.02',
        'max-latency-increase-pct': '15',
        'fail-on-noise': 'true',
      }),
    );
    expect(inputs.baseline).toEqual({
      kind: 'artifact',
      name: 'modelgate-evaluation',
      workflow: 'ci.yml',
      branch: undefined,
      maxAgeDays: 30,
    });
    expect(inputs).toMatchObject({
      maxAccuracyDrop: 0.02,
      maxLatencyIncreasePct: 15,
      noiseVerdict: 'fail',
    });
  });

  it.each([
    [{}, "Input 'candidate' is required"],
    [
      { candidate: 'e', 'max-accuracy-drop': '2%' },
      'Input \'max-accuracy-drop\' must be a fraction between 0 and 1, e.g. 0.02; got "2%".',
    ],
    [
      { candidate: 'e', 'baseline-workflow': 'ci.yml' },
      "Input 'baseline-workflow' only applies with 'baseline-artifact'",
    ],
    [
      { candidate: 'e', 'bootstrap-resamples': '10' },
      "Input 'bootstrap-resamples' must be a whole number of resamples from 100",
    ],
    [
      { candidate: 'e', 'noise-verdict': 'ignore' },
      "Input 'noise-verdict' must be one of pass, warn, fail",
    ],
    [
      { candidate: 'e', 'fail-on-noise': 'true', 'noise-verdict': 'warn' },
      "Input 'fail-on-noise' is true but 'noise-verdict' is 'warn'",
    ],
  ])('refuses %j', (values, message) => {
    expect(() => parseInputs(get(values))).toThrow(message);
  });
});
