import { z } from 'zod';
import { CostBody } from './cost';
import { DataValidationBody } from './data-validation';
import { envelopeShape } from './envelope';
import { EvaluationBody } from './evaluation';
import { RegressionBody } from './regression';
import { DataError } from '../errors';

/** The version of each report kind that this modelgate writes and reads. */
export const REPORT_VERSION = 1;

/**
 * A report kind's schema. Every report schema is built when first used (`z.lazy`), not when
 * modelgate loads: building them all takes about 15 ms, which every action's start would pay,
 * while most runs validate no report, or one kind.
 */
function reportSchema<K extends string, B extends z.ZodType>(kind: K, body: B) {
  return z.lazy(() =>
    z.object({
      schema: z.literal(`modelgate/${kind}@${REPORT_VERSION}`),
      ...envelopeShape(),
      body,
    }),
  );
}

export const DataValidationReport = reportSchema('data-validation', DataValidationBody);
export const EvaluationReport = reportSchema('evaluation', EvaluationBody);
export const RegressionReport = reportSchema('regression', RegressionBody);
export const CostReport = reportSchema('cost', CostBody);

export type DataValidationReport = z.infer<typeof DataValidationReport>;
export type EvaluationReport = z.infer<typeof EvaluationReport>;
export type RegressionReport = z.infer<typeof RegressionReport>;
export type CostReport = z.infer<typeof CostReport>;

/** Every report kind, keyed by the kind name in its schema id. */
export const reportSchemas = {
  'data-validation': DataValidationReport,
  evaluation: EvaluationReport,
  regression: RegressionReport,
  cost: CostReport,
} as const;

export type ReportKind = keyof typeof reportSchemas;
export type AnyReport = DataValidationReport | EvaluationReport | RegressionReport | CostReport;
export type ReportOf<K extends ReportKind> = z.infer<(typeof reportSchemas)[K]>;

/** The schema id of a kind at the current version, e.g. `modelgate/evaluation@1`. */
export function schemaId<K extends ReportKind>(kind: K): `modelgate/${K}@1` {
  return `modelgate/${kind}@${REPORT_VERSION}`;
}

const SCHEMA_ID = /^modelgate\/([a-z-]+)@(\d+)$/;

/**
 * Validates parsed JSON as a modelgate report. `source` names the file in messages.
 * Throws a {@link DataError} that says what is wrong when the value is not a report, is of an
 * unknown kind, is newer than this modelgate reads, is not one of `accept`, or fails its schema.
 */
export function parseReport(
  value: unknown,
  source: string,
  accept?: readonly ReportKind[],
): AnyReport {
  const id =
    typeof value === 'object' && value !== null
      ? (value as { schema?: unknown }).schema
      : undefined;
  if (typeof id !== 'string') {
    throw new DataError(`${source} is not a modelgate report: it has no "schema" field.`, {
      hint: 'Pass the report file that a modelgate action wrote (its `report` output).',
      location: { file: source },
    });
  }
  const match = SCHEMA_ID.exec(id);
  const kind = match?.[1];
  if (!match || kind === undefined || !(kind in reportSchemas)) {
    throw new DataError(`${source} has an unknown report schema "${id}".`, {
      hint: `Known kinds: ${Object.keys(reportSchemas).join(', ')}.`,
      location: { file: source },
    });
  }
  const version = Number(match[2]);
  if (version > REPORT_VERSION) {
    throw new DataError(
      `${source} is a ${kind} report of version ${version}, newer than this modelgate reads (version ${REPORT_VERSION}).`,
      {
        hint: 'Upgrade the modelgate actions that read it to the release that wrote it.',
        location: { file: source },
      },
    );
  }
  if (version < REPORT_VERSION) {
    throw new DataError(
      `${source} is a ${kind} report of version ${version}, which is no longer read.`,
      {
        hint: 'Re-run the step that wrote it with this modelgate release.',
        location: { file: source },
      },
    );
  }
  const typedKind = kind as ReportKind;
  if (accept && !accept.includes(typedKind)) {
    throw new DataError(`${source} is a ${kind} report, but ${accept.join(' or ')} was expected.`, {
      hint: 'Check which report file or artifact is passed to this input.',
      location: { file: source },
    });
  }
  const result = reportSchemas[typedKind].safeParse(value);
  if (!result.success) {
    throw new DataError(`${source} is not a valid ${id} report: ${formatIssues(result.error)}.`, {
      hint: 'The file may be truncated or edited by hand; re-run the step that wrote it.',
      location: { file: source },
    });
  }
  return result.data;
}

/** Zod issues as one readable line, e.g. `body.examples.total: expected number`. At most five. */
export function formatIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return lines.join('; ') + more;
}

/** The kind of a parsed report. */
export function reportKind(report: AnyReport): ReportKind {
  return report.schema.slice('modelgate/'.length, report.schema.indexOf('@')) as ReportKind;
}
