import { driftDisplay } from './drift-display';
import { DataError, InputError } from '../errors';
import type { ActionError } from '../errors';
import { DriftMethod } from '../report/data-validation';
import { closestColumn, quoteColumn } from './column-names';
import {
  runDriftTest,
  autoDriftMethod,
  methodApplies,
  pooledDistinct,
  DEFAULT_THRESHOLDS,
  P_VALUE_METHODS,
} from '../drift/stattest';
import { distributionSize } from '../drift/distribution';
import type {
  ColumnDrift,
  ColumnReport,
  ColumnType,
  DataValidationBody,
} from '../report/data-validation';
import type { Finding, Metric, ReportStatus } from '../report/envelope';
import {
  columnDistribution,
  columnProfile,
  driftKind,
  inferType,
  typeMismatches,
} from './column-summary';
import type { ColumnProfiler } from './column-profiler';
import type { DatasetScan } from './dataset-scanner';
import type { DataSchema, Policy } from './schema';
import { gateOf } from './violations';
import type { Gate, ViolationLog } from './violations';

/** The default `mean-shift-sigmas`: a mean more than 3 reference standard deviations away. */
export const DEFAULT_MEAN_SHIFT_SIGMAS = 3;
/** The default `max-null-increase`: a null share up by more than 0.1 (10 points). */
export const DEFAULT_MAX_NULL_INCREASE = 0.1;
/** The default `drift-share`: the dataset drifts when half its tested columns do (Evidently). */
export const DEFAULT_DRIFT_SHARE = 0.5;
/** The Jensen–Shannon threshold of the label drift check (Evidently's default for the test). */
export const LABEL_DRIFT_THRESHOLD = 0.1;

export interface ValidationSettings {
  readonly driftMethod: DriftMethod | 'auto';
  /** Overrides every test's default threshold (as Evidently's `stattest_threshold`). */
  readonly driftThreshold?: number | undefined;
  readonly driftShare: number;
  readonly failOn: readonly Gate[];
  readonly meanShiftSigmas: number;
  readonly maxNullIncrease: number;
  readonly labelColumn?: string | undefined;
  readonly idColumn?: string | undefined;
}

/** A dataset after its pass, with what the report says about where it came from. */
export interface ScannedDataset {
  readonly scan: DatasetScan;
  readonly path: string;
  readonly format: string;
  readonly files: number;
}

export interface ValidationOutcome {
  readonly status: ReportStatus;
  readonly summary: string;
  readonly body: DataValidationBody;
  readonly findings: Finding[];
  readonly metrics: Record<string, Metric>;
}

/**
 * Judges a dataset after its pass (and the reference's): the column-level schema checks (types,
 * null fractions, required and extra columns, row counts), the checks against the reference
 * (mean shift, null rate, drift per column, dataset drift, label drift), then the verdict. Cell
 * checks were recorded in `log` during the pass; this adds to it. NaN and ±Infinity cells of a
 * numeric column are `non-finite` findings (errors in the data, warnings in the reference).
 *
 * @throws InputError when the `drift-method` setting forces a method on a column it cannot test
 *   (`ks`, `wasserstein` on a categorical column); DataError (code `schema`, at the schema file)
 *   when a column's `drift.method` does, or names a method for a datetime column.
 */
export function evaluateValidation(args: {
  readonly settings: ValidationSettings;
  readonly schema?: DataSchema | undefined;
  readonly schemaFile?: string | undefined;
  readonly data: ScannedDataset;
  readonly reference?: ScannedDataset | undefined;
  readonly log: ViolationLog;
}): ValidationOutcome {
  const { settings, schema, schemaFile, data, reference, log } = args;
  const scan = data.scan;
  const ref = reference?.scan;
  const firstFile = data.path;
  const labelColumn = settings.labelColumn ?? schema?.label;
  const idColumn = settings.idColumn ?? schema?.id;

  // Required and extra columns.
  const declared = schema ? Object.entries(schema.columns) : [];
  for (const [name, c] of declared) {
    if (c?.required !== false && !scan.columns.has(name)) {
      log.record(
        'missing-column',
        name,
        'error',
        () => {
          const closest = closestColumn(
            name,
            scan.order.filter((c) => schema?.columns[c] === undefined),
          );
          return `The required column ${name} is missing from ${data.path}${closest === undefined ? '' : `; the closest undeclared column is ${quoteColumn(closest)}`}.`;
        },
        {
          file: firstFile,
          line: 1,
        },
      );
    }
  }
  if (ref) {
    for (const name of ref.order) {
      if (!scan.columns.has(name) && !(schema && name in schema.columns)) {
        log.record(
          'missing-column',
          name,
          'warning',
          () => `The column ${name} of the reference is missing from the data.`,
          {
            file: firstFile,
            line: 1,
          },
        );
      }
    }
  }
  const extraPolicy: Policy = schema?.['extra-columns'] ?? 'warn';
  if (schema && declared.length > 0 && extraPolicy !== 'allow') {
    for (const name of scan.order) {
      if (!(name in schema.columns) && name !== labelColumn && name !== idColumn) {
        log.record(
          'extra-column',
          name,
          extraPolicy === 'fail' ? 'error' : 'warning',
          () => `The column ${name} is not in the schema${schemaFile ? ` ${schemaFile}` : ''}.`,
          { file: firstFile, line: 1 },
        );
      }
    }
  }

  // Row count.
  const rows = schema?.rows;
  if (rows?.min !== undefined && scan.rows < rows.min) {
    log.record(
      'row-count',
      undefined,
      'error',
      () => `${data.path} has ${scan.rows} rows, fewer than the minimum ${rows.min}.`,
    );
  }
  if (rows?.max !== undefined && scan.rows > rows.max) {
    log.record(
      'row-count',
      undefined,
      'error',
      () => `${data.path} has ${scan.rows} rows, more than the maximum ${rows.max}.`,
    );
  }

  const columns: ColumnReport[] = [];
  const drifts: { name: string; drift: ColumnDrift }[] = [];
  let labelDrift: NonNullable<DataValidationBody['drift']>['labelDrift'];

  for (const name of scan.order) {
    const p = scan.columns.get(name) as ColumnProfiler;
    const spec = schema?.columns[name] ?? undefined;
    const refP = ref?.columns.get(name);
    const inferredType = inferType(p);
    const declaredType = spec?.type;
    const refType = refP !== undefined && refP.count > 0 ? inferType(refP) : undefined;
    const type: ColumnType = declaredType ?? refType ?? inferredType;

    // Cells whose kind does not fit the type ("text in a numeric column").
    const mismatch = typeMismatches(p, type);
    if (mismatch.count > 0) {
      const what = mismatch.kinds
        .map((k) => (k === 'fraction' ? 'non-whole number' : k))
        .join(', ');
      const source = declaredType ? 'declared' : refType ? 'the reference’s' : 'inferred';
      log.summarize(
        'type',
        name,
        'error',
        `${mismatch.count} value${mismatch.count === 1 ? '' : 's'} of column ${name} (${what}) do not fit its ${source} type ${type}.`,
      );
      const examples = mismatch.lines.slice(0, 10);
      examples.forEach((at, i) =>
        log.record(
          'type',
          name,
          'error',
          () => `Column ${name} should be ${type} (${source}), but this value is not.`,
          at,
          i === 0 ? mismatch.count - examples.length + 1 : 1,
        ),
      );
    }

    if (type === 'number' || type === 'integer') {
      nonFiniteFindings(name, p, 'data', log);
      if (refP !== undefined) nonFiniteFindings(name, refP, 'reference', log);
    }

    // Null fraction.
    const maxNull = spec?.['max-null-fraction'];
    const nullFraction = p.rows === 0 ? 0 : p.nulls / p.rows;
    if (maxNull !== undefined && nullFraction > maxNull) {
      log.record(
        'null-fraction',
        name,
        'error',
        () =>
          `Column ${name} is null in ${pct(nullFraction)} of rows, more than the ${pct(maxNull)} allowed.`,
        { file: firstFile, line: 1 },
      );
    }

    const report: ColumnReport = {
      name,
      inferredType,
      ...(declaredType !== undefined && { declaredType }),
      data: columnProfile(p, type),
      violations: 0,
    };

    if (refP !== undefined) {
      report.reference = columnProfile(refP, type);
      referenceChecks(name, p, refP, type, settings, log, firstFile);
      const tested = driftOf(
        name,
        p,
        refP,
        type,
        spec?.drift,
        settings,
        labelColumn,
        idColumn,
        schemaFile,
      );
      if ('drift' in tested) {
        report.drift = tested.drift;
        if (name === labelColumn) {
          labelDrift = {
            column: name,
            method: tested.drift.method,
            statistic: tested.drift.statistic ?? Number.NaN,
            threshold: tested.drift.threshold,
            drifted: tested.drift.drifted,
          };
          if (tested.drift.drifted) {
            log.record(
              'label-drift',
              name,
              'error',
              () => `The label ${name} drifted: ${driftDisplay(tested.drift)}.`,
            );
          }
        } else if (name !== idColumn) {
          drifts.push({ name, drift: tested.drift });
          if (tested.drift.drifted) {
            log.record(
              'drift',
              name,
              'warning',
              () => `Column ${name} drifted: ${driftDisplay(tested.drift)}.`,
            );
          }
        }
      } else {
        report.driftSkipped = tested.skipped;
      }
    } else if (ref) {
      report.driftSkipped = 'not in the reference';
    } else {
      report.driftSkipped = 'no reference';
    }
    columns.push(report);
  }

  let driftBody: DataValidationBody['drift'];
  if (ref) {
    const tested = drifts.length;
    const drifted = drifts.filter((d) => d.drift.drifted).map((d) => d.name);
    const share = tested === 0 ? 0 : drifted.length / tested;
    const datasetDrift = tested > 0 && share >= settings.driftShare;
    if (datasetDrift) {
      log.record(
        'dataset-drift',
        undefined,
        'error',
        () =>
          `The dataset drifted: ${drifted.length} of ${tested} columns (share ${share.toFixed(2)}, at or above ${settings.driftShare}).`,
      );
    }
    driftBody = {
      share,
      shareThreshold: settings.driftShare,
      datasetDrift,
      drifted,
      tested,
      ...(labelDrift !== undefined && { labelDrift }),
    };
  }

  const byColumn = log.byColumn();
  for (const c of columns) c.violations = byColumn.get(c.name) ?? 0;
  const findings = log.findings();
  const status = verdict(findings, settings.failOn);
  const total = log.total();
  const body: DataValidationBody = {
    data: describe(data),
    ...(reference && { reference: describe(reference) }),
    ...(schemaFile !== undefined && { schemaFile }),
    columns,
    ...(driftBody && { drift: driftBody }),
    violations: { total, byCode: log.byCode() },
    ...(scan.duplicateRows !== undefined && {
      duplicates: {
        rows: scan.duplicateRows,
        ...(scan.duplicateIds !== undefined && { ids: scan.duplicateIds }),
        ...(scan.duplicatesApproximate && { approximate: true }),
      },
    }),
  };
  const metrics: Record<string, Metric> = {
    rows: { value: scan.rows, unit: 'count', direction: 'none' },
    violations: { value: total, unit: 'count', direction: 'lower' },
    ...(driftBody && {
      'drift-share': {
        value: driftBody.share,
        unit: 'fraction',
        direction: 'lower',
        n: driftBody.tested,
      },
      'drifted-columns': { value: driftBody.drifted.length, unit: 'count', direction: 'lower' },
    }),
    ...(scan.duplicateRows !== undefined && {
      'duplicate-rows': { value: scan.duplicateRows, unit: 'count', direction: 'lower' },
    }),
  };
  return {
    status,
    summary: summaryLine(scan, findings, driftBody, status),
    body,
    findings,
    metrics,
  };
}

/**
 * The `non-finite` findings of a numeric column: how many NaN and ±Infinity cells it has, then
 * the first few, located. They are errors in the data and warnings in the reference (which is
 * not checked, but whose statistics they leave out too).
 */
function nonFiniteFindings(
  name: string,
  p: ColumnProfiler,
  side: 'data' | 'reference',
  log: ViolationLog,
): void {
  const count = p.nonFiniteCount;
  if (count === 0) return;
  const severity = side === 'data' ? 'error' : 'warning';
  const n = p.nonFinite;
  const kinds = [
    n.nan > 0 && `${n.nan} NaN`,
    n.positive > 0 && `${n.positive} Infinity`,
    n.negative > 0 && `${n.negative} -Infinity`,
  ].filter(Boolean);
  const whose = side === 'data' ? `Column ${name}` : `The reference's column ${name}`;
  const left = 'they are left out of its statistics (mean, quantiles) and of its drift test';
  log.summarize(
    'non-finite',
    name,
    severity,
    `${whose} has ${count} value${count === 1 ? '' : 's'} that ${count === 1 ? 'is' : 'are'} not a finite number (${kinds.join(', ')}): ${left}.`,
  );
  const examples = p.nonFiniteExamples;
  examples.forEach((at, i) =>
    log.record(
      'non-finite',
      name,
      severity,
      () =>
        `${whose} is ${String(at.value)}, not a finite number (an overflow such as 1e999 reads as Infinity): left out of its statistics and drift test.`,
      { file: at.file, line: at.line },
      i === 0 ? count - examples.length + 1 : 1,
    ),
  );
}

function referenceChecks(
  name: string,
  p: ColumnProfiler,
  refP: ColumnProfiler,
  type: ColumnType,
  settings: ValidationSettings,
  log: ViolationLog,
  file: string,
): void {
  if ((type === 'number' || type === 'integer') && p.moments.count > 0 && refP.moments.count > 1) {
    const refStd = refP.moments.std(1);
    const shift = Math.abs(p.moments.mean - refP.moments.mean);
    if (shift > settings.meanShiftSigmas * refStd) {
      log.record(
        'mean-shift',
        name,
        'error',
        () =>
          `The mean of ${name} moved from ${fmt(refP.moments.mean)} to ${fmt(p.moments.mean)}, more than ${settings.meanShiftSigmas} reference standard deviations (${fmt(refStd)}).`,
      );
    }
  }
  const nullNow = p.rows === 0 ? 0 : p.nulls / p.rows;
  const nullRef = refP.rows === 0 ? 0 : refP.nulls / refP.rows;
  if (nullNow - nullRef > settings.maxNullIncrease) {
    log.record(
      'null-rate',
      name,
      'error',
      () =>
        `Column ${name} is null in ${pct(nullNow)} of rows, up from ${pct(nullRef)} in the reference.`,
      { file, line: 1 },
    );
  }
}

function driftOf(
  name: string,
  p: ColumnProfiler,
  refP: ColumnProfiler,
  type: ColumnType,
  spec:
    | { method?: DriftMethod | 'auto' | 'none' | undefined; threshold?: number | undefined }
    | undefined,
  settings: ValidationSettings,
  labelColumn: string | undefined,
  idColumn: string | undefined,
  schemaFile: string | undefined,
): { drift: ColumnDrift } | { skipped: string } {
  const isLabel = name === labelColumn;
  const kind = driftKind(type);
  if (spec?.method === 'none') return { skipped: 'drift method none in the schema' };
  if (name === idColumn && spec?.method === undefined) {
    return { skipped: 'the id column is not drift-tested' };
  }
  if (kind === undefined) {
    if (spec?.method !== undefined && spec.method !== 'auto') {
      throw refusedMethod(name, spec.method, type, schemaFile ?? 'schema');
    }
    return { skipped: `${type} columns are not drift-tested` };
  }
  const cur = columnDistribution(p, kind);
  const refD = columnDistribution(refP, kind);
  if (distributionSize(cur) === 0 || distributionSize(refD) === 0) {
    return { skipped: 'no values on one side' };
  }
  const configured = spec?.method ?? (isLabel ? 'jensenshannon' : settings.driftMethod);
  // A method the user forced on a column it cannot test is refused, as Evidently refuses it
  // (StatTestInvalidFeatureTypeError), rather than silently replaced by another.
  if (configured !== 'auto' && !methodApplies(configured, kind)) {
    throw refusedMethod(
      name,
      configured,
      type,
      spec?.method === undefined ? undefined : (schemaFile ?? 'schema'),
    );
  }
  const method: DriftMethod =
    configured === 'auto'
      ? autoDriftMethod(kind, distributionSize(refD), pooledDistinct(refD, cur))
      : configured;
  const threshold =
    spec?.threshold ??
    (isLabel ? LABEL_DRIFT_THRESHOLD : (settings.driftThreshold ?? DEFAULT_THRESHOLDS[method]));
  // A p-value is at most 1: a threshold of 1 or more would call every column drifted.
  if (P_VALUE_METHODS.has(method) && threshold >= 1) {
    throw refusedPValueThreshold(
      name,
      method,
      threshold,
      configured === 'auto',
      spec?.threshold === undefined ? undefined : (schemaFile ?? 'schema'),
    );
  }
  return { drift: runDriftTest(method, refD, cur, threshold) };
}

/**
 * The error for a threshold of 1 or more used as a p-value (ks, chi2, z test drift when
 * p < threshold, so every column would drift): from the schema's `columns.<name>.drift.threshold`
 * when `fromSchema`, else from the `drift-threshold` input, which `auto` may have applied to a
 * p-value test although it was meant as a distance.
 */
function refusedPValueThreshold(
  column: string,
  method: DriftMethod,
  threshold: number,
  auto: boolean,
  fromSchema: string | undefined,
): ActionError {
  const how = auto ? `${method}, which drift-method auto chose for it` : method;
  const what = `threshold ${threshold} is a p-value for the column ${quoteColumn(column)} (${how}), and a p-value threshold must be below 1`;
  if (fromSchema !== undefined) {
    return new DataError(`columns.${column}.drift.threshold: the ${what}.`, {
      code: 'schema',
      hint: 'Use a p-value such as 0.05, or a distance method (psi, jensenshannon, wasserstein, kl) for a distance threshold.',
      location: { file: fromSchema },
    });
  }
  return new InputError(`Input 'drift-threshold': the ${what}.`, {
    hint: `Use a p-value such as 0.05; for a distance threshold set drift-method to a distance method (psi, jensenshannon, wasserstein, kl), or give ${quoteColumn(column)} its own threshold in the schema.`,
  });
}

/**
 * The error for a drift method forced on a column it cannot test: from the schema's
 * `columns.<name>.drift.method` when `fromSchema` (a DataError at the schema file), else from
 * the `drift-method` input (an InputError). Names the column, its type, the method and the
 * methods that apply (none for datetime columns, which are not drift-tested).
 */
function refusedMethod(
  column: string,
  method: DriftMethod,
  type: ColumnType,
  fromSchema: string | undefined,
): ActionError {
  const kind = driftKind(type);
  const applicable =
    kind === undefined ? [] : DriftMethod.options.filter((m) => methodApplies(m, kind));
  const can =
    applicable.length === 0
      ? `${type} columns are not drift-tested`
      : `the methods that apply to ${kind} columns are ${applicable.join(', ')}`;
  const what = `drift method ${method} cannot test the ${type} column ${quoteColumn(column)}: ${can}`;
  if (fromSchema !== undefined) {
    return new DataError(`columns.${column}.drift.method: the ${what}.`, {
      code: 'schema',
      hint:
        applicable.length === 0
          ? 'Remove its `drift` key, or set `method: none`.'
          : `Use one of them, \`auto\`, or \`none\` to skip the column.`,
      location: { file: fromSchema },
    });
  }
  return new InputError(`Input 'drift-method': the ${what}.`, {
    hint: `Set \`drift: { method: auto }\` (or one of them) for ${quoteColumn(column)} in the schema, or use drift-method: auto.`,
  });
}

/**
 * The verdict: `fail` when an error-severity finding belongs to a gate in `failOn`; `warn` when
 * there is any other error or warning; `pass` otherwise.
 */
export function verdict(findings: readonly Finding[], failOn: readonly Gate[]): ReportStatus {
  let warn = false;
  for (const f of findings) {
    if (f.severity === 'error' && failOn.includes(gateOf(f.code))) return 'fail';
    if (f.severity !== 'notice') warn = true;
  }
  return warn ? 'warn' : 'pass';
}

function describe(d: ScannedDataset): DataValidationBody['data'] {
  return {
    path: d.path,
    format: d.format,
    files: Math.max(1, d.files),
    rows: d.scan.rows,
    columns: [...d.scan.order],
  };
}

function summaryLine(
  scan: DatasetScan,
  findings: readonly Finding[],
  drift: DataValidationBody['drift'],
  status: ReportStatus,
): string {
  const parts = [`${scan.rows} rows, ${scan.order.length} columns`];
  const schemaIssues = findings.filter(
    (f) => gateOf(f.code) === 'schema' && f.severity !== 'notice',
  );
  parts.push(schemaIssues.length === 0 ? 'no schema violations' : 'schema violations found');
  if (drift) {
    parts.push(
      `drift in ${drift.drifted.length} of ${drift.tested} columns (share ${drift.share.toFixed(2)}${drift.datasetDrift ? ' ≥ ' : ' < '}${drift.shareThreshold})`,
    );
  }
  void status;
  return parts.join('; ');
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}
