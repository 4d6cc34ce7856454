import { DataError, InputError } from '@modelgate/core';
import type { DataFormat } from './types';

/** A file's format and whether it is gzip-compressed. */
export interface DetectedFormat {
  readonly format: DataFormat;
  readonly gzip: boolean;
}

const BY_EXTENSION: Readonly<Record<string, DataFormat>> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'json',
  parquet: 'parquet',
};

/** The accepted values of the `format` input; `ndjson` is an alias of `jsonl`. */
export const FORMAT_NAMES = ['csv', 'tsv', 'jsonl', 'ndjson', 'json', 'parquet'] as const;

/**
 * The format of `path`, from its extension (`.csv`, `.tsv`, `.tab`, `.jsonl`, `.ndjson`, `.json`,
 * `.parquet`, each optionally followed by `.gz`), or from `override` (the `format` input) when
 * given and not empty. A `.gz` suffix always means gzip, whatever the override.
 *
 * @throws InputError when `override` is not a known format.
 * @throws DataError when the extension is unknown and there is no override, or for gzip-compressed
 *   Parquet (Parquet compresses its pages itself and needs random access).
 */
export function detectFormat(path: string, override?: string): DetectedFormat {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const stem = gzip ? lower.slice(0, -3) : lower;
  let format: DataFormat | undefined;
  const wanted = override?.trim().toLowerCase();
  if (wanted) {
    format = BY_EXTENSION[wanted === 'tab' ? 'tsv' : wanted];
    if (format === undefined || wanted === 'tab') {
      throw new InputError(
        `Input 'format' must be one of ${FORMAT_NAMES.join(', ')}; got ${JSON.stringify(override)}.`,
      );
    }
  } else {
    const dot = stem.lastIndexOf('.');
    const slash = Math.max(stem.lastIndexOf('/'), stem.lastIndexOf('\\'));
    const extension = dot > slash ? stem.slice(dot + 1) : '';
    format = BY_EXTENSION[extension];
    if (format === undefined) {
      throw new DataError(
        `Cannot tell the format of ${path} from its extension ${extension ? `'.${extension}'` : '(none)'}.`,
        {
          code: 'unknown-format',
          hint: `Rename it to .csv, .tsv, .jsonl, .json or .parquet (optionally .gz), or set the 'format' input to one of ${FORMAT_NAMES.join(', ')}.`,
          location: { file: path },
        },
      );
    }
  }
  if (format === 'parquet' && gzip) {
    throw new DataError(`${path}: gzip-compressed Parquet is not supported.`, {
      code: 'unknown-format',
      hint: 'Parquet compresses its pages itself (ZSTD, Snappy, gzip...): give the .parquet file as it is.',
      location: { file: path },
    });
  }
  return { format, gzip };
}
