/**
 * Finds the reports to summarise: the files named by the `reports` input (paths or globs) and
 * the modelgate reports inside downloaded artifacts. The same report found twice counts once.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as glob from '@actions/glob';
import {
  DataError,
  ZERO_WORK,
  parseJsonDocument,
  parseReport,
  reportSchemas,
  zeroWorkFinding,
  zeroWorkReason,
} from '@modelgate/core';
import type { AnyReport, PendingReports, ReportKind } from '@modelgate/core';
import { TEXT_FILE_MAX_BYTES, readReport, readTextFile } from '@modelgate/runner';

export interface Collected {
  readonly reports: AnyReport[];
  /** Where each report came from, in the same order. */
  readonly sources: string[];
}

const GLOB_CHARS = /[*?[\]{}]/;
const REPORT_SCHEMA = /^modelgate\/([a-z-]+)@\d+$/;

/**
 * Reads the reports named by `patterns`. A literal path must exist and be a valid report; a glob
 * that matches nothing is reported through `warn`.
 */
export async function reportsFromPatterns(
  patterns: readonly string[],
  warn: (message: string) => void,
): Promise<Collected> {
  const out: Collected = { reports: [], sources: [] };
  for (const pattern of patterns) {
    if (!GLOB_CHARS.test(pattern)) {
      if ((await stat(pattern).catch(() => undefined))?.isDirectory()) {
        throw new DataError(`Input 'reports' names a folder, not a report file.`, {
          hint: `Give report files, or a glob such as ${pattern.replace(/[/\\]+$/, '')}/**/*.json.`,
          location: { file: pattern },
        });
      }
      out.reports.push(await readReport(pattern));
      out.sources.push(pattern);
      continue;
    }
    const globber = await glob.create(pattern, { matchDirectories: false });
    const files = (await globber.glob()).sort();
    if (files.length === 0) warn(`No file matches the report pattern '${pattern}'.`);
    for (const file of files) {
      out.reports.push(await readReport(file));
      out.sources.push(file);
    }
  }
  return out;
}

/**
 * Reads every modelgate report (a `.json` file whose `schema` is a known report kind) under
 * `dir`, recursively. Other JSON files (e.g. a handed-off comment) are skipped; a report that
 * fails its schema is an error naming the file.
 */
export async function reportsInFolder(dir: string): Promise<Collected> {
  const out: Collected = { reports: [], sources: [] };
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) {
    const text = await readTextFile(file, 'report');
    const value = parseJsonDocument(text, file, 'report', { maxChars: TEXT_FILE_MAX_BYTES });
    const schema =
      typeof value === 'object' && value !== null
        ? (value as { schema?: unknown }).schema
        : undefined;
    const kind = typeof schema === 'string' ? REPORT_SCHEMA.exec(schema)?.[1] : undefined;
    if (kind === undefined || !(kind in reportSchemas)) continue;
    out.reports.push(parseReport(value, file));
    out.sources.push(file);
  }
  return out;
}

/** Merges collections, dropping reports whose JSON is identical to one already kept. */
export function mergeCollected(parts: readonly Collected[]): Collected {
  const seen = new Set<string>();
  const out: Collected = { reports: [], sources: [] };
  for (const part of parts) {
    part.reports.forEach((report, i) => {
      const digest = createHash('sha256').update(JSON.stringify(report)).digest('hex');
      if (seen.has(digest)) return;
      seen.add(digest);
      out.reports.push(report);
      out.sources.push(part.sources[i] ?? '');
    });
  }
  return out;
}

/** The reports pr-summary must see before its verdict is final (`expected-reports`). */
export type ExpectedReports =
  { readonly kinds: readonly ReportKind[] } | { readonly count: number };

/**
 * What is still missing of `expected`, in words (e.g. `cost`, or `2 of 4 reports`); empty when
 * every expected report is there. Kinds are matched by each report's schema; a count by the
 * number of distinct reports (a matrix's shards are several reports of one kind).
 */
export function missingReports(
  reports: readonly AnyReport[],
  expected: ExpectedReports | undefined,
): string[] {
  if (expected === undefined) return [];
  if ('count' in expected) {
    return reports.length >= expected.count
      ? []
      : [`${expected.count - reports.length} of ${expected.count} reports`];
  }
  const seen = new Set(reports.map((r) => REPORT_SCHEMA.exec(r.schema)?.[1]));
  return expected.kinds.filter((kind) => !seen.has(kind));
}

/**
 * What the comment's headline waits for: the missing kinds (of `kinds`), or how many of `count`
 * reports arrived. Undefined when every expected report is there or none is expected.
 */
export function pendingReports(
  reports: readonly AnyReport[],
  expected: ExpectedReports | undefined,
): PendingReports | undefined {
  if (expected === undefined) return undefined;
  if ('count' in expected) {
    return reports.length >= expected.count
      ? undefined
      : { missing: [], expected: expected.count, found: reports.length };
  }
  const missing = missingReports(reports, expected);
  return missing.length === 0 ? undefined : { missing, expected: expected.kinds.length };
}

/** A report that checked nothing, and why (see {@link zeroWorkReason}). */
export interface ZeroWork {
  readonly source: string;
  readonly reason: string;
}

/**
 * Marks every report that checked nothing: its status becomes `fail` and it gets the error
 * finding `zero_work` first (unless it already has one), so the comment shows it and the
 * combined verdict fails. Returns new reports (the collected ones are not changed) and the list.
 */
export function markZeroWork(collected: Collected): { reports: AnyReport[]; zeroWork: ZeroWork[] } {
  const zeroWork: ZeroWork[] = [];
  const reports = collected.reports.map((report, i): AnyReport => {
    const reason = zeroWorkReason(report);
    if (reason === undefined) return report;
    zeroWork.push({ source: collected.sources[i] ?? '', reason });
    const has = report.findings.some((f) => f.code === ZERO_WORK);
    return {
      ...report,
      status: 'fail' as const,
      findings: has ? report.findings : [zeroWorkFinding(reason), ...report.findings],
    };
  });
  return { reports, zeroWork };
}
