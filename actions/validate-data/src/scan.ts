import { DataError, DatasetScanner } from '@modelgate/core';
import type { DatasetScan, ScanOptions, ViolationLog } from '@modelgate/core';
import {
  fingerprintFile,
  openDataset,
  parseBoolean,
  parseDatetime,
  parseNumber,
} from '@modelgate/data';
import type { FileFingerprint } from '@modelgate/data';

/** The readers' coercion rules, as the validation core's text parsers. */
export const TEXT_PARSERS = { parseNumber, parseBoolean, parseDatetime };

export interface ScanResult {
  readonly scan: DatasetScan;
  readonly format: string;
  readonly files: readonly string[];
  readonly fingerprints: readonly FileFingerprint[];
}

/**
 * Reads a dataset once, in batches, through a {@link DatasetScanner}. Problem rows (ragged, bad
 * UTF-8, broken JSON) are recorded in `log` with their file and line and skipped, so that one
 * run reports all of them. The files are fingerprinted while they are read.
 *
 * @throws DataError when the dataset cannot be opened or has no rows.
 */
export async function scanDataset(
  path: string,
  options: {
    readonly format: string | undefined;
    readonly columns: readonly string[] | undefined;
    readonly cwd: string;
    readonly log: ViolationLog;
    readonly scan: Omit<ScanOptions, 'typed' | 'parsers' | 'log'>;
  },
): Promise<ScanResult> {
  const { log } = options;
  const dataset = await openDataset(path, {
    format: options.format,
    columns: options.columns,
    cwd: options.cwd,
    onIssue: (issue) =>
      log.record(
        issue.code,
        undefined,
        issue.code === 'duplicate-column' ? 'warning' : 'error',
        () => issue.message,
        {
          file: issue.file,
          line: issue.line,
        },
      ),
  });
  const fingerprints = Promise.all(dataset.info.files.map((f) => fingerprintFile(f, options.cwd)));
  // Keep a rejected fingerprint from being unhandled while the rows are read.
  fingerprints.catch(() => undefined);
  const scanner = new DatasetScanner({
    ...options.scan,
    typed: dataset.info.typed,
    parsers: TEXT_PARSERS,
    log,
  });
  for await (const batch of dataset.batches()) scanner.add(batch);
  const scan = scanner.finish();
  if (scan.rows === 0) {
    throw new DataError(
      `${path} has no rows${dataset.counts.skipped > 0 ? ` that could be read (${dataset.counts.skipped} skipped)` : ''}.`,
      {
        code: 'empty-dataset',
        hint: 'Check that the file is the dataset you meant and that it is not truncated.',
        location: { file: dataset.info.files[0] ?? path },
      },
    );
  }
  return {
    scan,
    format: dataset.info.format,
    files: dataset.info.files,
    fingerprints: await fingerprints,
  };
}
