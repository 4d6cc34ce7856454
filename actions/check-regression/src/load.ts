import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  DataError,
  ExampleResult,
  formatIssues,
  getErrorMessage,
  parseMetricsText,
} from '@modelgate/core';
import type { MetricDocument } from '@modelgate/core';
import { readTextFile } from '@modelgate/runner';

/** Reads a candidate or baseline file: a modelgate report, flat metrics, or MLflow metrics. */
export async function readMetricsFile(path: string, role: string): Promise<MetricDocument> {
  return parseMetricsText(await readTextFile(path, role), path);
}

/**
 * The per-example results beside an evaluation report (`body.perExample.path`, relative to the
 * report's folder), checked against the sha256 and row count the report states. Undefined with
 * a reason when the report has none or the file does not match (the comparison is then
 * unpaired); a malformed row is a {@link DataError} naming the file and line.
 */
export async function readPerExample(
  doc: MetricDocument,
  role: string,
): Promise<{ rows: ExampleResult[]; reason?: undefined } | { rows?: undefined; reason: string }> {
  const report = doc.report;
  if (!report || doc.kind !== 'evaluation')
    return { reason: `the ${role} is not an evaluation report` };
  const perExample = (
    report.body as { perExample?: { path: string; sha256: string; rows: number } }
  ).perExample;
  if (!perExample) return { reason: `the ${role} report has no per-example results` };
  const path = resolve(dirname(doc.source), perExample.path);
  let text: string;
  try {
    text = await readTextFile(path, `${role} per-example`);
  } catch (err) {
    return { reason: getErrorMessage(err) };
  }
  const sha = createHash('sha256').update(text).digest('hex');
  if (sha !== perExample.sha256) {
    return {
      reason: `the ${role}'s per-example file ${path} does not match the sha256 its report states`,
    };
  }
  const rows: ExampleResult[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new DataError(`${path}:${i + 1} is not valid JSON: ${getErrorMessage(err)}.`, {
        location: { file: path, line: i + 1 },
      });
    }
    const parsed = ExampleResult.safeParse(value);
    if (!parsed.success) {
      throw new DataError(
        `${path}:${i + 1} is not a per-example result: ${formatIssues(parsed.error)}.`,
        {
          location: { file: path, line: i + 1 },
        },
      );
    }
    rows.push(parsed.data);
  }
  if (rows.length !== perExample.rows) {
    return {
      reason: `the ${role}'s per-example file has ${rows.length} rows, its report states ${perExample.rows}`,
    };
  }
  return { rows };
}

/**
 * The report file inside a downloaded artifact folder: the JSON files that are modelgate reports
 * of `kind` (or any metrics file when `kind` is undefined); with several, the one named like the
 * candidate. Throws a {@link DataError} when there is none or the choice is ambiguous.
 */
export async function findReportInFolder(
  folder: string,
  artifact: string,
  preferName: string,
  kind: string | undefined,
): Promise<MetricDocument> {
  const files = (await readdir(folder, { recursive: true }))
    .filter((f) => f.endsWith('.json'))
    .sort();
  const docs: MetricDocument[] = [];
  for (const file of files) {
    try {
      const doc = await readMetricsFile(join(folder, file), 'baseline');
      if (kind === undefined || doc.kind === kind) docs.push(doc);
    } catch {
      // Not a metrics file: other files may ride along in the artifact.
    }
  }
  const preferred = docs.filter((d) => d.source.endsWith(`/${preferName}`));
  const pick = docs.length === 1 ? docs[0] : preferred.length === 1 ? preferred[0] : undefined;
  if (!pick) {
    throw new DataError(
      docs.length === 0
        ? `The baseline artifact ${artifact} holds no ${kind ?? 'metrics'} report (files: ${files.join(', ') || 'none'}).`
        : `The baseline artifact ${artifact} holds ${docs.length} ${kind ?? 'metrics'} reports and none is named ${preferName}.`,
      {
        hint: 'Upload one report per artifact, or name the baseline report like the candidate file.',
      },
    );
  }
  return pick;
}
