import { basename, dirname, join, resolve } from 'node:path';
import { getErrorMessage, renderEvaluationSummary } from '@modelgate/core';
import type { EvaluationReport, ExampleResult } from '@modelgate/core';
import { SUMMARY_LIMIT_BYTES, writeJsonLinesAtomic, writeReport } from '@modelgate/runner';
import type { Inputs } from './inputs';
import type { Deps } from './main';

/** Where the per-example JSONL of a report goes: beside it, `<name>.examples.jsonl`. */
export function examplesPathFor(reportPath: string): string {
  const name = basename(reportPath).replace(/\.json$/i, '');
  return join(dirname(reportPath), `${name}.examples.jsonl`);
}

/** The artifact name: the input, else `modelgate-evaluation` (with `-shard-i-of-n` for a shard). */
export function artifactNameFor(report: EvaluationReport, inputs: Inputs): string {
  if (inputs.common.artifactName !== undefined) return inputs.common.artifactName;
  const shard = report.body.shard;
  return shard
    ? `modelgate-evaluation-shard-${shard.index}-of-${shard.count}`
    : 'modelgate-evaluation';
}

/**
 * Writes the per-example JSONL and the report beside it (atomically, JSONL first so a report
 * never points at a missing file), sets the outputs, appends the job summary and uploads both
 * files as an artifact when the runner offers artifacts.
 */
export async function publishReport(
  report: EvaluationReport,
  results: readonly ExampleResult[],
  inputs: Inputs,
  deps: Deps,
): Promise<void> {
  const { io } = deps;
  const reportPath = resolve(deps.cwd, inputs.common.reportPath);
  const examplesPath = examplesPathFor(reportPath);
  const { sha256, bytes, threaded } = await writeJsonLinesAtomic(examplesPath, results);
  io.debug(
    `Wrote ${results.length} per-example results to ${examplesPath} (${bytes} bytes${threaded ? ', hashed and written by a second thread' : ''}).`,
  );
  report.body.perExample = { path: basename(examplesPath), sha256, rows: results.length };
  await writeReport(reportPath, report);

  const m = report.metrics;
  const value = (key: string): string => {
    const v = m[key]?.value;
    return v === undefined || v === null ? '' : String(v);
  };
  io.setOutput('status', report.status);
  io.setOutput('report', reportPath);
  io.setOutput('accuracy', value('accuracy'));
  io.setOutput('f1', value('f1_macro'));
  io.setOutput('p95-latency-ms', value('latency_p95_ms'));
  io.setOutput('error-rate', value('error_rate'));
  io.setOutput('examples', String(report.body.examples.total));
  io.info(report.summary);

  let markdown = renderEvaluationSummary(report);
  if (Buffer.byteLength(markdown) > SUMMARY_LIMIT_BYTES) {
    markdown = `${markdown.slice(0, SUMMARY_LIMIT_BYTES / 2)}\n\n_The summary was cut to fit GitHub's limit; the full numbers are in the report._\n`;
  }
  await io.appendSummary(markdown);

  const store = deps.artifacts();
  if (store?.available()) {
    const name = artifactNameFor(report, inputs);
    try {
      const uploaded = await store.upload(name, [reportPath, examplesPath], dirname(reportPath));
      io.info(`Uploaded artifact ${name} (${uploaded.size} bytes).`);
    } catch (err) {
      // The report is on disk and the outputs are set; a failed upload should not hide them.
      io.warning(`Could not upload the artifact ${name}: ${getErrorMessage(err)}`);
    }
  }

  if (report.status === 'fail') {
    const gate = report.findings.find((f) => f.code === 'error-rate');
    io.setFailed(gate?.message ?? report.summary);
  }
}
