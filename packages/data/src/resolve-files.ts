import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DataError } from '@modelgate/core';

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * The files named by `pathOrGlob`: the path itself, or every file a glob (as `@actions/glob`
 * reads it: `*`, `**`, `?`, `[...]`) matches, sorted by path so that the order is the same on
 * every machine. Relative patterns are taken from `cwd`, and the files come back relative to
 * `cwd` when they are inside it (the form annotations want), absolute otherwise.
 *
 * @throws DataError naming the pattern when nothing matches, or the path when it is a directory.
 */
export async function resolveFiles(pathOrGlob: string, cwd: string): Promise<string[]> {
  const pattern = pathOrGlob.trim();
  if (pattern === '') {
    throw new DataError('No dataset path was given.', {
      code: 'file-not-found',
      hint: 'Give a file path or a glob such as data/*.csv.',
    });
  }
  if (!GLOB_CHARS.test(pattern)) {
    const full = resolve(cwd, pattern);
    const info = await stat(full).catch(() => undefined);
    if (info === undefined) {
      throw new DataError(`The file ${pattern} does not exist.`, {
        code: 'file-not-found',
        hint: `Check the path; it is read relative to ${cwd}.`,
        location: { file: pattern },
      });
    }
    if (info.isDirectory()) {
      throw new DataError(`${pattern} is a directory, not a data file.`, {
        code: 'file-not-found',
        hint: `Give a file, or a glob such as ${pattern.replace(/[/\\]+$/, '')}/*.csv.`,
        location: { file: pattern },
      });
    }
    if (!info.isFile()) {
      // A FIFO or a device would block the reader or never end.
      throw new DataError(`${pattern} is not a regular file (a FIFO, socket or device).`, {
        code: 'file-not-found',
        hint: 'Write the data to a file first and pass that file.',
        location: { file: pattern },
      });
    }
    return [pattern];
  }
  const absolutePattern = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
  // Loaded only for a glob: most runs name one file, and every action starts faster without it.
  const glob = await import('@actions/glob');
  const globber = await glob.create(absolutePattern, {
    matchDirectories: false,
    implicitDescendants: false,
    followSymbolicLinks: true,
  });
  const matches = await globber.glob();
  if (matches.length === 0) {
    throw new DataError(`No file matches ${pattern}`, {
      code: 'file-not-found',
      hint: `Check the glob; it is matched relative to ${cwd}.`,
    });
  }
  for (const file of matches) {
    const info = await stat(file).catch(() => undefined);
    if (info !== undefined && !info.isFile()) {
      throw new DataError(
        `${file} (matched by ${pattern}) is not a regular file (a FIFO, socket or device).`,
        {
          code: 'file-not-found',
          hint: 'Write the data to a file first, or narrow the glob.',
          location: { file },
        },
      );
    }
  }
  const shown = matches.map((file) => {
    const rel = relative(cwd, file);
    return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
  });
  return [...new Set(shown)].sort(comparePaths);
}

/** Code-unit order, the same in every locale. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
