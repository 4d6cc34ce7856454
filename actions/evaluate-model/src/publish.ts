import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { getErrorMessage, renderEvaluationSummary } from '@modelgate/core';
import type { EvaluationReport, ExampleResult } from '@modelgate/core';
import { SUMMARY_LIMIT_BYTES, writeFileAtomic, writeReport } from '@modelgate/runner';
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
 * The per-example JSONL as UTF-8: one `JSON.stringify` line per result, each encoded once
 * straight into one buffer (no joined string, which would be encoded again to hash and to write).
 */
export function examplesJsonl(results: readonly ExampleResult[]): Buffer {
  let buf = Buffer.allocUnsafe(Math.max(4096, results.length * 256));
  let used = 0;
  for (let i = 0; i < results.length; i++) {
    const line = JSON.stringify(results[i]);
    // At most 3 bytes of UTF-8 per UTF-16 unit, and the newline.
    const room = line.length * 3 + 1;
    if (used + room > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, used + room));
      buf.copy(bigger, 0, 0, used);
      buf = bigger;
    }
    used += buf.write(line, used, 'utf8');
    buf[used++] = 0x0a;
  }
  return buf.subarray(0, used);
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
  const jsonl = examplesJsonl(results);
  // Hashed while the file is written.
  const writing = writeFileAtomic(examplesPath, jsonl);
  const sha256 = createHash('sha256').update(jsonl).digest('hex');
  await writing;
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
