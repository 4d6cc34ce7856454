import { InputError } from '@modelgate/core';
import { inputOr, optionalInput, requiredInput, spec } from '@modelgate/runner';
import type { InputGetter } from '@modelgate/runner';

/** A token: registered as a secret when read (masked in the log, redacted from every output). */
const GITHUB_TOKEN = spec.secret('a GitHub token, e.g. ${{ github.token }}');

/** The action's inputs, by their public kebab-case names. */
export const Input = {
  Candidate: 'candidate',
  Baseline: 'baseline',
  BaselineArtifact: 'baseline-artifact',
  BaselineWorkflow: 'baseline-workflow',
  BaselineBranch: 'baseline-branch',
  BaselineMaxAgeDays: 'baseline-max-age-days',
  GithubToken: 'github-token',
  Policy: 'policy',
  MaxAccuracyDrop: 'max-accuracy-drop',
  MaxLatencyIncreasePct: 'max-latency-increase-pct',
  MaxCostIncreasePct: 'max-cost-increase-pct',
  EquivalenceMargin: 'equivalence-margin',
  Alpha: 'alpha',
  BootstrapResamples: 'bootstrap-resamples',
  Seed: 'seed',
  NoiseVerdict: 'noise-verdict',
  FailOnNoise: 'fail-on-noise',
  NoBaseline: 'no-baseline',
  ReportPath: 'report-path',
  ArtifactName: 'artifact-name',
} as const;

/** The action's outputs. */
export const Output = {
  Status: 'status',
  Report: 'report',
  Regressions: 'regressions',
  Summary: 'summary',
  Fixed: 'fixed',
  Broken: 'broken',
} as const;

export const DEFAULT_REPORT_PATH = 'modelgate/regression.json';
export const DEFAULT_SEED = 42;
export const DEFAULT_RESAMPLES = 10_000;

export type Verdict = 'pass' | 'warn' | 'fail';

/** Where the baseline comes from. */
export type BaselineSource =
  | { readonly kind: 'path'; readonly path: string }
  | {
      readonly kind: 'artifact';
      readonly name: string;
      readonly workflow: string | undefined;
      readonly branch: string | undefined;
      readonly maxAgeDays: number | undefined;
    }
  | { readonly kind: 'none' };

export interface Inputs {
  readonly candidate: string;
  readonly baseline: BaselineSource;
  readonly githubToken: string;
  readonly policy: string | undefined;
  readonly maxAccuracyDrop: number | undefined;
  readonly maxLatencyIncreasePct: number | undefined;
  readonly maxCostIncreasePct: number | undefined;
  /** The TOST margin of the headline metric, absolute on its scale. */
  readonly equivalenceMargin: number | undefined;
  readonly alpha: number;
  readonly bootstrapResamples: number;
  readonly seed: number;
  readonly noiseVerdict: Verdict;
  readonly noBaseline: Verdict;
  readonly reportPath: string;
  readonly artifactName: string | undefined;
}

const VERDICTS = ['pass', 'warn', 'fail'] as const;

/**
 * Reads and checks every input once. Pure. Throws an {@link InputError} naming the input, the
 * value and the fix; `baseline` and `baseline-artifact` are exclusive; the `baseline-*` inputs
 * of the artifact need `baseline-artifact`.
 */
export function parseInputs(get: InputGetter): Inputs {
  const candidate = requiredInput(
    get,
    Input.Candidate,
    spec.text('the path of the candidate report or metrics file, e.g. modelgate/evaluation.json'),
  );
  const path = optionalInput(get, Input.Baseline, spec.text());
  const artifact = optionalInput(get, Input.BaselineArtifact, spec.text());
  if (path !== undefined && artifact !== undefined) {
    throw new InputError(
      `Inputs '${Input.Baseline}' and '${Input.BaselineArtifact}' are both set; set only one.`,
    );
  }
  const workflow = optionalInput(
    get,
    Input.BaselineWorkflow,
    spec.text('a workflow file name, e.g. ci.yml'),
  );
  const branch = optionalInput(get, Input.BaselineBranch, spec.text('a branch name, e.g. main'));
  const maxAgeDays = optionalInput(
    get,
    Input.BaselineMaxAgeDays,
    spec.number('a number of days above 0, e.g. 30', { min: 0, max: 36_500 }),
  );
  if (artifact === undefined) {
    for (const [name, value] of [
      [Input.BaselineWorkflow, workflow],
      [Input.BaselineBranch, branch],
      [Input.BaselineMaxAgeDays, maxAgeDays],
    ] as const) {
      if (value !== undefined) {
        throw new InputError(
          `Input '${name}' only applies with '${Input.BaselineArtifact}', which is not set.`,
        );
      }
    }
  }
  const baseline: BaselineSource =
    path !== undefined
      ? { kind: 'path', path }
      : artifact !== undefined
        ? { kind: 'artifact', name: artifact, workflow, branch, maxAgeDays }
        : { kind: 'none' };
  const failOnNoise = inputOr(get, Input.FailOnNoise, spec.boolean(), false);
  const noiseVerdict = optionalInput(get, Input.NoiseVerdict, spec.oneOf(VERDICTS));
  if (failOnNoise && noiseVerdict !== undefined && noiseVerdict !== 'fail') {
    throw new InputError(
      `Input '${Input.FailOnNoise}' is true but '${Input.NoiseVerdict}' is '${noiseVerdict}'; set only one.`,
    );
  }
  return {
    candidate,
    baseline,
    githubToken: inputOr(get, Input.GithubToken, GITHUB_TOKEN, ''),
    policy: optionalInput(get, Input.Policy, spec.text()),
    maxAccuracyDrop: optionalInput(get, Input.MaxAccuracyDrop, spec.fraction('0.02')),
    maxLatencyIncreasePct: optionalInput(
      get,
      Input.MaxLatencyIncreasePct,
      spec.nonNegative('a percentage of 0 or more, e.g. 15', 1_000_000),
    ),
    maxCostIncreasePct: optionalInput(
      get,
      Input.MaxCostIncreasePct,
      spec.nonNegative('a percentage of 0 or more, e.g. 10', 1_000_000),
    ),
    equivalenceMargin: optionalInput(
      get,
      Input.EquivalenceMargin,
      spec.number(
        "a margin above 0 on the headline metric's scale, e.g. 0.01 (1 point of accuracy)",
        { min: 1e-12, max: 1e12 },
      ),
    ),
    alpha: inputOr(
      get,
      Input.Alpha,
      spec.number('a significance level between 0 and 1 (exclusive), e.g. 0.05', {
        min: 1e-12,
        max: 0.999999,
      }),
      0.05,
    ),
    bootstrapResamples: inputOr(
      get,
      Input.BootstrapResamples,
      spec.number('a whole number of resamples from 100 to 1,000,000, e.g. 10000', {
        min: 100,
        max: 1_000_000,
        integer: true,
      }),
      DEFAULT_RESAMPLES,
    ),
    seed: inputOr(
      get,
      Input.Seed,
      spec.number('a whole number, e.g. 42', {
        integer: true,
        min: 0,
        max: Number.MAX_SAFE_INTEGER,
      }),
      DEFAULT_SEED,
    ),
    noiseVerdict: failOnNoise ? 'fail' : (noiseVerdict ?? 'warn'),
    noBaseline: inputOr(get, Input.NoBaseline, spec.oneOf(VERDICTS), 'warn'),
    reportPath: inputOr(get, Input.ReportPath, spec.text(), DEFAULT_REPORT_PATH),
    artifactName: optionalInput(get, Input.ArtifactName, spec.text()),
  };
}
