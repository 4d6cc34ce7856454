import {
  DEFAULT_DRIFT_SHARE,
  DEFAULT_MAX_NULL_INCREASE,
  DEFAULT_MEAN_SHIFT_SIGMAS,
  DriftMethod,
} from '@modelgate/core';
import type { Gate } from '@modelgate/core';
import { InputError } from '@modelgate/core';
import { inputOr, optionalInput, requiredInput, spec } from '@modelgate/runner';
import type { InputGetter } from '@modelgate/runner';

/** The action's inputs, by their public kebab-case names. */
export const Input = {
  Data: 'data',
  Format: 'format',
  Reference: 'reference',
  ReferenceFormat: 'reference-format',
  Schema: 'schema',
  InferSchema: 'infer-schema',
  DriftMethod: 'drift-method',
  DriftThreshold: 'drift-threshold',
  DriftShare: 'drift-share',
  Columns: 'columns',
  IgnoreColumns: 'ignore-columns',
  IdColumn: 'id-column',
  LabelColumn: 'label-column',
  MeanShiftSigmas: 'mean-shift-sigmas',
  MaxNullIncrease: 'max-null-increase',
  FailOn: 'fail-on',
  MaxAnnotations: 'max-annotations',
  ReportPath: 'report-path',
  ArtifactName: 'artifact-name',
  Seed: 'seed',
} as const;

/** The action's outputs. */
export const Output = {
  Status: 'status',
  Report: 'report',
  DriftedColumns: 'drifted-columns',
  DriftShare: 'drift-share',
  Violations: 'violations',
  InferredSchema: 'inferred-schema',
} as const;

export const DEFAULT_REPORT_PATH = 'modelgate/data-validation.json';
export const DEFAULT_ARTIFACT_NAME = 'modelgate-data-validation';
export const DEFAULT_MAX_ANNOTATIONS = 10;

const FORMATS = ['csv', 'tsv', 'jsonl', 'ndjson', 'json', 'parquet'] as const;
const GATES = ['schema', 'drift'] as const;

export interface Inputs {
  readonly data: string;
  readonly format: string | undefined;
  readonly reference: string | undefined;
  readonly referenceFormat: string | undefined;
  readonly schema: string | undefined;
  readonly inferSchema: string | undefined;
  readonly driftMethod: DriftMethod | 'auto';
  readonly driftThreshold: number | undefined;
  readonly driftShare: number;
  readonly columns: readonly string[] | undefined;
  readonly ignoreColumns: readonly string[];
  readonly idColumn: string | undefined;
  readonly labelColumn: string | undefined;
  readonly meanShiftSigmas: number;
  readonly maxNullIncrease: number;
  readonly failOn: readonly Gate[];
  readonly maxAnnotations: number;
  readonly reportPath: string;
  /** '' disables the upload. */
  readonly artifactName: string;
  readonly seed: number;
}

/** Reads and checks every input once. Pure: `get` returns the raw value, '' when unset. */
export function parseInputs(get: InputGetter): Inputs {
  const columns = optionalInput(
    get,
    Input.Columns,
    spec.list('a comma-separated list of column names'),
  );
  const failOnRaw = get(Input.FailOn).trim();
  const failOn =
    failOnRaw.toLowerCase() === 'none'
      ? []
      : inputOr(get, Input.FailOn, spec.listOf(GATES), [...GATES]);
  // A list input that is set but names nothing (`,`) would silently mean "every column" or
  // "no gate": say so instead.
  if (columns !== undefined && columns.length === 0) throw emptyList(Input.Columns, get);
  if (failOnRaw !== '' && failOnRaw.toLowerCase() !== 'none' && failOn.length === 0) {
    throw emptyList(Input.FailOn, get);
  }
  return {
    data: requiredInput(get, Input.Data, spec.text('a dataset path or glob, e.g. data/train.csv')),
    format: optionalInput(get, Input.Format, spec.oneOf(FORMATS)),
    reference: optionalInput(get, Input.Reference, spec.text()),
    referenceFormat: optionalInput(get, Input.ReferenceFormat, spec.oneOf(FORMATS)),
    schema: optionalInput(get, Input.Schema, spec.text()),
    inferSchema: optionalInput(get, Input.InferSchema, spec.text()),
    driftMethod: inputOr(
      get,
      Input.DriftMethod,
      spec.oneOf(['auto', ...DriftMethod.options] as const),
      'auto',
    ),
    driftThreshold: optionalInput(
      get,
      Input.DriftThreshold,
      spec.number('a positive number: a p-value for ks, chi2, z, a distance otherwise, e.g. 0.05', {
        min: Number.MIN_VALUE,
        max: 1_000_000,
      }),
    ),
    driftShare: inputOr(get, Input.DriftShare, spec.fraction('0.5'), DEFAULT_DRIFT_SHARE),
    columns,
    ignoreColumns: inputOr(
      get,
      Input.IgnoreColumns,
      spec.list('a comma-separated list of column names'),
      [],
    ),
    idColumn: optionalInput(get, Input.IdColumn, spec.text()),
    labelColumn: optionalInput(get, Input.LabelColumn, spec.text()),
    meanShiftSigmas: inputOr(
      get,
      Input.MeanShiftSigmas,
      spec.number('a positive number of standard deviations, e.g. 3', {
        min: Number.MIN_VALUE,
        max: 1_000_000,
      }),
      DEFAULT_MEAN_SHIFT_SIGMAS,
    ),
    maxNullIncrease: inputOr(
      get,
      Input.MaxNullIncrease,
      spec.fraction('0.1'),
      DEFAULT_MAX_NULL_INCREASE,
    ),
    failOn,
    maxAnnotations: inputOr(
      get,
      Input.MaxAnnotations,
      spec.number('a whole number of 0 or more, e.g. 10', { min: 0, max: 1000, integer: true }),
      DEFAULT_MAX_ANNOTATIONS,
    ),
    reportPath: inputOr(get, Input.ReportPath, spec.text(), DEFAULT_REPORT_PATH),
    artifactName:
      get(Input.ArtifactName).trim() === ''
        ? DEFAULT_ARTIFACT_NAME
        : get(Input.ArtifactName).trim(),
    seed: inputOr(
      get,
      Input.Seed,
      spec.number('a whole number, e.g. 42', {
        min: -Number.MAX_SAFE_INTEGER,
        max: Number.MAX_SAFE_INTEGER,
        integer: true,
      }),
      42,
    ),
  };
}

function emptyList(name: string, get: InputGetter): InputError {
  return new InputError(
    `Input '${name}' is set but names nothing (${JSON.stringify(get(name))}).`,
    {
      hint:
        name === Input.FailOn
          ? "List the gates (schema, drift), or write 'none' to fail on nothing."
          : 'List the column names, or leave the input unset for every column.',
    },
  );
}
