import { z } from 'zod';
import { parseConfigDocument } from '../config-document';
import { DataError } from '../errors';
import { parseReport, reportKind } from '../report/kinds';
import type { AnyReport, ReportKind } from '../report/kinds';
import type { Direction, Metric } from '../report/envelope';

/**
 * The metrics of one run, whatever file they came from:
 * - `modelgate`: any modelgate report (its `metrics`; an evaluation report also brings its
 *   per-example results and slices);
 * - `flat`: a JSON or YAML object of numbers such as DVC's `metrics.json`; nested objects are
 *   flattened with dots (`{"test": {"acc": 0.9}}` → `test.acc`);
 * - `mlflow`: MLflow's exported metrics, a list of `{key, value, step?, timestamp?}`; the entry
 *   with the highest step (then timestamp) wins for each key.
 * Metrics of flat and MLflow files have no stated direction: it is guessed from the name (see
 * {@link guessDirection}) and can be set by a policy rule.
 */
export interface MetricDocument {
  readonly format: 'modelgate' | 'flat' | 'mlflow';
  readonly source: string;
  readonly metrics: Readonly<Record<string, Metric>>;
  /** The report, for `modelgate`. */
  readonly report?: AnyReport;
  readonly kind?: ReportKind;
  /** Things said about the file, e.g. values that were not numbers. */
  readonly notes: readonly string[];
}

const LOWER = /(loss|error|err\b|latency|duration|time|cost|mse|mae|rmse|mape|perplexity|wer|cer)/i;
const HIGHER = /(acc|f1|precision|recall|auc|score|r2|bleu|rouge|pass|ndcg|map\b|iou|dice)/i;

/**
 * The direction of a metric known only by name: lower for losses, errors, latencies, times and
 * costs; higher for accuracies, F-scores, precision, recall, AUC, scores, pass rates; `none`
 * otherwise.
 */
export function guessDirection(name: string): Direction {
  if (LOWER.test(name)) return 'lower';
  if (HIGHER.test(name)) return 'higher';
  return 'none';
}

const MlflowEntry = z.object({
  key: z.string().min(1),
  value: z.number(),
  step: z.number().optional(),
  timestamp: z.number().optional(),
});

/**
 * Reads the text of a metrics file (JSON, or YAML when it is not JSON). Throws a
 * {@link DataError} naming `source` when it is neither (with the YAML loader's reason: the line
 * and column of a syntax error, an alias bomb, the size limit), holds no metric, or is a
 * modelgate report that does not validate (wrong version, unknown kind, bad fields).
 */
export function parseMetricsText(text: string, source: string): MetricDocument {
  let value: unknown;
  try {
    // The fast path: most metrics files are JSON, and reports can be large.
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    // Not JSON: YAML (a superset), through the one config loader, whose error names the real
    // reason (a syntax error at a line and column, an alias bomb, the size limit).
    value = parseConfigDocument(text, source, 'metrics').value;
  }
  return metricsFromValue(value, source);
}

/** As {@link parseMetricsText}, from a parsed value. */
export function metricsFromValue(value: unknown, source: string): MetricDocument {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'schema' in value) {
    const report = parseReport(value, source);
    return {
      format: 'modelgate',
      source,
      metrics: report.metrics,
      report,
      kind: reportKind(report),
      notes: [],
    };
  }
  if (Array.isArray(value)) return fromMlflow(value, source);
  if (typeof value === 'object' && value !== null) return fromFlat(value, source);
  throw new DataError(
    `The metrics file holds no metrics: expected an object or a list, got ${value === null ? 'nothing' : typeof value}.`,
    {
      hint: 'Pass a modelgate report, a flat metrics JSON/YAML (e.g. DVC metrics.json) or MLflow exported metrics.',
      location: { file: source },
    },
  );
}

function fromMlflow(list: unknown[], source: string): MetricDocument {
  const latest = new Map<string, z.infer<typeof MlflowEntry>>();
  list.forEach((item, i) => {
    const parsed = MlflowEntry.safeParse(item);
    if (!parsed.success) {
      throw new DataError(
        `Item ${i} is not an MLflow metric: expected {"key": string, "value": number, "step"?, "timestamp"?}.`,
        {
          hint: 'Export metrics with MLflow (e.g. client.get_metric_history) as a JSON list.',
          location: { file: source },
        },
      );
    }
    const e = parsed.data;
    const prev = latest.get(e.key);
    const newer =
      !prev ||
      (e.step ?? -Infinity) > (prev.step ?? -Infinity) ||
      ((e.step ?? -Infinity) === (prev.step ?? -Infinity) &&
        (e.timestamp ?? -Infinity) >= (prev.timestamp ?? -Infinity));
    if (newer) latest.set(e.key, e);
  });
  if (latest.size === 0) {
    throw new DataError(`The metrics file is an empty list: it holds no metrics.`, {
      location: { file: source },
    });
  }
  const metrics: Record<string, Metric> = {};
  for (const [key, e] of latest) metrics[key] = { value: e.value, direction: guessDirection(key) };
  return { format: 'mlflow', source, metrics, notes: [] };
}

function fromFlat(root: object, source: string): MetricDocument {
  const metrics: Record<string, Metric> = {};
  const skipped: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') {
      metrics[path] = {
        value: Number.isFinite(value) ? value : null,
        direction: guessDirection(path),
      };
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value))
        walk(child, path === '' ? key : `${path}.${key}`);
    } else {
      skipped.push(path);
    }
  };
  walk(root, '');
  if (Object.keys(metrics).length === 0) {
    throw new DataError(`The metrics file holds no numeric metric.`, {
      hint: 'A flat metrics file maps names to numbers, e.g. {"accuracy": 0.91}.',
      location: { file: source },
    });
  }
  const notes =
    skipped.length > 0
      ? [
          `${source}: ${skipped.length} value(s) that are not numbers were not compared: ${skipped.slice(0, 10).join(', ')}.`,
        ]
      : [];
  return { format: 'flat', source, metrics, notes };
}
