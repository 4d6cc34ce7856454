import { z } from 'zod';
import { ConfidenceInterval } from './envelope';

/** Summary statistics of one numeric column. Quantiles use numpy's linear interpolation. */
export const NumericSummary = z.lazy(() =>
  z.object({
    mean: z.number().nullable(),
    std: z.number().nullable(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    /** Keys are quantile levels as strings, e.g. `"0.5"`. */
    quantiles: z.record(z.string(), z.number()),
    /** True when quantiles come from a sketch rather than the exact values. */
    approximate: z.boolean(),
  }),
);
export type NumericSummary = z.infer<typeof NumericSummary>;

export const ColumnType = z.enum([
  'number',
  'integer',
  'string',
  'boolean',
  'datetime',
  'category',
]);
export type ColumnType = z.infer<typeof ColumnType>;

export const DriftMethod = z.enum(['ks', 'chi2', 'z', 'psi', 'jensenshannon', 'wasserstein', 'kl']);
export type DriftMethod = z.infer<typeof DriftMethod>;

/** The drift test of one column against the reference. */
export const ColumnDrift = z.lazy(() =>
  z.object({
    method: DriftMethod,
    statistic: z.number().nullable(),
    /** Present for the tests that have one (ks, chi2, z). */
    pValue: z.number().nullable(),
    threshold: z.number(),
    drifted: z.boolean(),
    /** True when the statistic was computed from a sketch, within the documented bound. */
    approximate: z.boolean(),
  }),
);
export type ColumnDrift = z.infer<typeof ColumnDrift>;

/** Counts and statistics of one column on one side (data or reference). */
export const ColumnProfile = z.lazy(() =>
  z.object({
    count: z.number().int().nonnegative(),
    nulls: z.number().int().nonnegative(),
    nullFraction: z.number().nullable(),
    /**
     * Values that are NaN or ±Infinity (counted in `count`, not in `nulls`): left out of the
     * numeric statistics and the drift test. Absent when there are none.
     */
    nonFinite: z.number().int().positive().optional(),
    distinct: z.number().int().nonnegative().nullable(),
    /** True when `distinct` is an estimate (over the exact-mode budget). */
    distinctApproximate: z.boolean().optional(),
    numeric: NumericSummary.optional(),
    /**
     * The most frequent values with their counts, most frequent first. A value longer than 200
     * characters is shown as its first 200 and `…`, with its full `length` (UTF-16 code units)
     * and the `sha256` of its UTF-8 bytes.
     */
    topValues: z
      .array(
        z.object({
          value: z.string(),
          count: z.number().int(),
          length: z.number().int().nonnegative().optional(),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .optional(),
        }),
      )
      .optional(),
    minLength: z.number().int().optional(),
    maxLength: z.number().int().optional(),
    /** The earliest and latest datetime values (ISO 8601, UTC). */
    datetimeRange: z.object({ min: z.string(), max: z.string() }).optional(),
  }),
);
export type ColumnProfile = z.infer<typeof ColumnProfile>;

export const ColumnReport = z.lazy(() =>
  z.object({
    name: z.string(),
    inferredType: ColumnType,
    declaredType: ColumnType.optional(),
    data: ColumnProfile,
    reference: ColumnProfile.optional(),
    drift: ColumnDrift.optional(),
    /** Why the column was not drift-tested, when it was not (e.g. no reference, datetime). */
    driftSkipped: z.string().optional(),
    violations: z.number().int().nonnegative(),
  }),
);
export type ColumnReport = z.infer<typeof ColumnReport>;

export const DatasetDescription = z.lazy(() =>
  z.object({
    path: z.string(),
    format: z.string(),
    files: z.number().int().positive(),
    rows: z.number().int().nonnegative(),
    columns: z.array(z.string()),
  }),
);

/** The body of a `modelgate/data-validation@1` report. */
export const DataValidationBody = z.lazy(() =>
  z.object({
    data: DatasetDescription,
    reference: DatasetDescription.optional(),
    schemaFile: z.string().optional(),
    columns: z.array(ColumnReport),
    drift: z
      .object({
        /** The fraction of tested columns that drifted. */
        share: z.number(),
        /** The share at or above which the dataset is drifted. */
        shareThreshold: z.number(),
        datasetDrift: z.boolean(),
        drifted: z.array(z.string()),
        tested: z.number().int().nonnegative(),
        labelDrift: z
          .object({
            column: z.string(),
            method: DriftMethod.optional(),
            statistic: z.number(),
            threshold: z.number(),
            drifted: z.boolean(),
          })
          .optional(),
      })
      .optional(),
    violations: z.object({
      total: z.number().int().nonnegative(),
      byCode: z.record(z.string(), z.number().int().nonnegative()),
    }),
    duplicates: z
      .object({
        rows: z.number().int().nonnegative(),
        ids: z.number().int().nonnegative().optional(),
        /** True when the counts are lower bounds (more rows than the duplicate budget). */
        approximate: z.boolean().optional(),
      })
      .optional(),
    /** Interval on the share of rows that violate the schema, when rows were checked. */
    violationRateCi: ConfidenceInterval.optional(),
  }),
);
export type DataValidationBody = z.infer<typeof DataValidationBody>;
