import { resolve } from 'node:path';
import {
  createRng,
  dataPassPlan,
  evaluateValidation,
  formatError,
  inferSchemaYaml,
  parseDataSchema,
  referencePassPlan,
  renderDataValidation,
  schemaId,
  ViolationLog,
  isUserError,
} from '@modelgate/core';
import type {
  DataSchema,
  DataValidationReport,
  Finding,
  InputFingerprint,
  ScanOptions,
  ScannedDataset,
} from '@modelgate/core';
import {
  actionsIO,
  createArtifactStore,
  inputGetter,
  loadRunContext,
  readTextFile,
  runAction,
  SUMMARY_LIMIT_BYTES,
  writeFileAtomic,
  writeReport,
} from '@modelgate/runner';
import type { ActionsIO, ArtifactStore, RunContext } from '@modelgate/runner';
import { Output, parseInputs } from './inputs';
import type { Inputs } from './inputs';
import { checkNamedColumns } from './named-columns';
import { scanDataset } from './scan';
import type { ScanResult } from './scan';

const TOOL = { name: 'validate-data', version: '0.1.0' } as const;

export interface Deps {
  readonly io: ActionsIO;
  readonly context: RunContext;
  /** The artifact store, made only when the report is uploaded; undefined when there is none. */
  readonly artifacts: () => ArtifactStore | undefined;
  /** Where relative paths are read from (the workspace). */
  readonly cwd: string;
}

export function defaultDeps(): Deps {
  return {
    io: actionsIO(),
    context: loadRunContext(),
    artifacts: () => createArtifactStore(),
    cwd: process.cwd(),
  };
}

/**
 * Validates a dataset against its schema and its reference, writes the data-validation report,
 * the outputs, the job summary and annotations, and uploads the report. A bad input or file
 * fails the step with a message naming it, after writing a report of what was found.
 */
export async function run(deps: Deps = defaultDeps()): Promise<void> {
  const { io } = deps;
  await runAction(io, async () => {
    const inputs = parseInputs(inputGetter(io));
    const reportPath = resolve(deps.cwd, inputs.reportPath);
    const progress = new Progress(inputs);
    try {
      await validate(deps, inputs, reportPath, progress);
    } catch (err) {
      if (isUserError(err)) await writeErrorReport(deps, inputs, reportPath, progress, err);
      throw err;
    }
  });
}

/** What the run has found so far, for the report written when it stops on an error. */
class Progress {
  readonly log = new ViolationLog();
  readonly fingerprints: InputFingerprint[] = [];
  data: ScanResult | undefined;
  reference: ScanResult | undefined;
  constructor(readonly inputs: Inputs) {}
}

async function validate(
  deps: Deps,
  inputs: Inputs,
  reportPath: string,
  progress: Progress,
): Promise<void> {
  const { io } = deps;
  const log = progress.log;
  const schema =
    inputs.schema === undefined ? undefined : await loadSchema(inputs.schema, deps.cwd, progress);
  const include = includeFilter(inputs);
  const idColumn = inputs.idColumn ?? schema?.id;
  const base = { include, sample: undefined } satisfies Partial<ScanOptions>;

  if (inputs.reference !== undefined) {
    const plan = referencePassPlan(schema);
    progress.reference = await scanDataset(inputs.reference, {
      format: inputs.referenceFormat ?? inputs.format,
      columns: inputs.columns,
      cwd: deps.cwd,
      log,
      scan: {
        ...base,
        rng: createRng(inputs.seed),
        expectedType: plan.expectedType,
        rules: plan.rules,
      },
    });
    addFingerprints(progress, progress.reference, 'reference');
    io.info(`Read the reference ${inputs.reference}: ${progress.reference.scan.rows} rows.`);
  }

  const plan = dataPassPlan(schema, progress.reference?.scan);
  const duplicatePolicy = schema?.['duplicate-rows'] ?? 'warn';
  progress.data = await scanDataset(inputs.data, {
    format: inputs.format,
    columns: inputs.columns,
    cwd: deps.cwd,
    log,
    scan: {
      ...base,
      rng: createRng(inputs.seed + 1),
      expectedType: plan.expectedType,
      rules: plan.rules,
      duplicateRows:
        duplicatePolicy === 'allow' ? undefined : duplicatePolicy === 'fail' ? 'error' : 'warning',
      idColumn,
    },
  });
  addFingerprints(progress, progress.data, 'data');
  io.info(`Read the data ${inputs.data}: ${progress.data.scan.rows} rows.`);
  checkNamedColumns({
    inputs,
    schema,
    allColumns: [
      ...new Set([
        ...progress.data.scan.allColumns,
        ...(progress.reference?.scan.allColumns ?? []),
      ]),
    ],
  });

  if (inputs.inferSchema !== undefined) {
    const source = progress.reference ?? progress.data;
    const from = progress.reference ? inputs.reference! : inputs.data;
    const path = resolve(deps.cwd, inputs.inferSchema);
    await writeFileAtomic(path, inferSchemaYaml(source.scan, from));
    io.setOutput(Output.InferredSchema, path);
    io.info(`Wrote a draft schema inferred from ${from} to ${inputs.inferSchema}.`);
  }

  const outcome = evaluateValidation({
    settings: {
      driftMethod: inputs.driftMethod,
      driftThreshold: inputs.driftThreshold,
      driftShare: inputs.driftShare,
      failOn: inputs.failOn,
      meanShiftSigmas: inputs.meanShiftSigmas,
      maxNullIncrease: inputs.maxNullIncrease,
      labelColumn: inputs.labelColumn,
      idColumn,
    },
    schema,
    schemaFile: inputs.schema,
    data: scanned(inputs.data, progress.data),
    reference: progress.reference ? scanned(inputs.reference!, progress.reference) : undefined,
    log,
  });
  // Rows that could not be read fail the step whatever `fail-on` says: the data is malformed.
  const readErrors = outcome.findings.filter((f) => f.severity === 'error' && isReadIssue(f.code));
  const status = readErrors.length > 0 ? 'fail' : outcome.status;
  const report: DataValidationReport = {
    schema: schemaId('data-validation'),
    status,
    summary: outcome.summary,
    provenance: deps.context.provenance(TOOL),
    inputs: progress.fingerprints,
    metrics: outcome.metrics,
    findings: outcome.findings,
    body: outcome.body,
  };
  await publish(deps, inputs, reportPath, report);
  if (status === 'fail') {
    const first = outcome.findings.find((f) => f.severity === 'error');
    const where = first?.file
      ? `${first.file}${first.line !== undefined ? `:${first.line}` : ''}: `
      : '';
    io.setFailed(
      `validate-data failed: ${report.summary}.${first ? ` First: ${where}${first.message}` : ''}`,
    );
  }
}

const READ_CODES = new Set([
  'ragged-row',
  'invalid-utf8',
  'unterminated-quote',
  'bad-json',
  'not-an-object',
]);
function isReadIssue(code: string): boolean {
  return READ_CODES.has(code);
}

function includeFilter(inputs: Inputs): (column: string) => boolean {
  const ignored = new Set(inputs.ignoreColumns);
  const only = inputs.columns === undefined ? undefined : new Set(inputs.columns);
  return (column) => !ignored.has(column) && (only === undefined || only.has(column));
}

async function loadSchema(path: string, cwd: string, progress: Progress): Promise<DataSchema> {
  const text = await readTextFile(resolve(cwd, path), 'schema');
  const { createHash } = await import('node:crypto');
  progress.fingerprints.push({
    role: 'schema',
    path,
    sha256: createHash('sha256').update(text).digest('hex'),
    bytes: Buffer.byteLength(text),
  });
  return parseDataSchema(text, path);
}

function addFingerprints(progress: Progress, result: ScanResult, role: string): void {
  result.fingerprints.forEach((f, i) =>
    progress.fingerprints.push({
      role,
      path: f.path,
      sha256: f.sha256,
      bytes: f.bytes,
      ...(result.fingerprints.length === 1 && i === 0 && { rows: result.scan.rows }),
    }),
  );
}

function scanned(path: string, result: ScanResult): ScannedDataset {
  return { scan: result.scan, path, format: result.format, files: result.files.length };
}

/** Writes the report, sets the outputs, the job summary and the annotations, uploads. */
async function publish(
  deps: Deps,
  inputs: Inputs,
  reportPath: string,
  report: DataValidationReport,
): Promise<void> {
  const { io } = deps;
  await writeReport(reportPath, report);
  const drift = report.body.drift;
  io.setOutput(Output.Status, report.status);
  io.setOutput(Output.Report, reportPath);
  io.setOutput(Output.DriftedColumns, drift ? drift.drifted.join(',') : '');
  io.setOutput(Output.DriftShare, drift ? drift.share : '');
  io.setOutput(Output.Violations, report.body.violations.total);
  io.info(report.summary);
  let summary = renderDataValidation(report);
  if (Buffer.byteLength(summary) > SUMMARY_LIMIT_BYTES) {
    summary = `${summary.slice(0, SUMMARY_LIMIT_BYTES / 2)}\n\n… (cut: the full report is ${reportPath})\n`;
  }
  await io.appendSummary(summary);
  annotate(io, report.findings, inputs.maxAnnotations);
  await upload(deps, inputs, reportPath);
}

function annotate(io: ActionsIO, findings: readonly Finding[], max: number): void {
  let shown = 0;
  for (const f of findings) {
    if (shown >= max) break;
    if (f.severity === 'notice') continue;
    const props = {
      title: `validate-data: ${f.code}`,
      ...(f.file !== undefined && { file: f.file }),
      ...(f.line !== undefined && { startLine: f.line }),
    };
    if (f.severity === 'error') io.error(f.message, props);
    else io.warning(f.message, props);
    shown++;
  }
}

async function upload(deps: Deps, inputs: Inputs, reportPath: string): Promise<void> {
  const store = deps.artifacts();
  if (store === undefined || !store.available()) return;
  try {
    const uploaded = await store.upload(
      inputs.artifactName,
      [reportPath],
      resolve(reportPath, '..'),
    );
    deps.io.info(`Uploaded the report as the artifact ${uploaded.name}.`);
  } catch (err) {
    // The report file is written and is the step's output; the artifact is a convenience.
    deps.io.warning(`Could not upload the report as an artifact: ${formatError(err)}`);
  }
}

/**
 * The report of a run stopped by a user error (a missing file, an invalid schema, an empty
 * dataset): status `error`, the error as the first finding, and whatever was read before.
 */
async function writeErrorReport(
  deps: Deps,
  inputs: Inputs,
  reportPath: string,
  progress: Progress,
  err: { message: string; code: string; location?: { file?: string; line?: number } | undefined },
): Promise<void> {
  const location = err.location;
  const first: Finding = {
    code: err.code,
    severity: 'error',
    message: formatError(err),
    ...(location?.file !== undefined && { file: location.file }),
    ...(location?.line !== undefined && { line: location.line }),
  };
  const describe = (path: string, r: ScanResult | undefined) => ({
    path,
    format: r?.format ?? inputs.format ?? 'unknown',
    files: Math.max(1, r?.files.length ?? 1),
    rows: r?.scan.rows ?? 0,
    columns: r ? [...r.scan.order] : [],
  });
  const findings = [first, ...progress.log.findings()];
  const report: DataValidationReport = {
    schema: schemaId('data-validation'),
    status: 'error',
    summary: err.message,
    provenance: deps.context.provenance(TOOL),
    inputs: progress.fingerprints,
    metrics: {},
    findings,
    body: {
      data: describe(inputs.data, progress.data),
      ...(inputs.reference !== undefined && {
        reference: describe(inputs.reference, progress.reference),
      }),
      ...(inputs.schema !== undefined && { schemaFile: inputs.schema }),
      columns: [],
      violations: { total: progress.log.total(), byCode: progress.log.byCode() },
    },
  };
  try {
    await writeReport(reportPath, report);
    deps.io.setOutput(Output.Status, 'error');
    deps.io.setOutput(Output.Report, reportPath);
    deps.io.setOutput(Output.Violations, progress.log.total());
    annotate(deps.io, progress.log.findings(), Math.max(0, inputs.maxAnnotations - 1));
    await upload(deps, inputs, reportPath);
  } catch (writeErr) {
    deps.io.warning(`Could not write the error report ${reportPath}: ${formatError(writeErr)}`);
  }
}
