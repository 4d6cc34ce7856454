/**
 * Paths into JSON such as `predictions[0].label`, `data.scores["not spam"]` or `[0]`: dotted keys,
 * bracketed indexes and bracketed quoted keys. Used for `response-path` and `probabilities-path`.
 */

export type PathSegment = string | number;

/**
 * Parses a path into segments. Returns an error message instead when the path is malformed.
 * An empty path (or `$`) is the whole document.
 */
export function parseJsonPath(path: string): PathSegment[] | { error: string } {
  const text = path.trim().replace(/^\$\.?/, '');
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '.') {
      if (i === 0 || text[i + 1] === undefined || text[i + 1] === '.' || text[i + 1] === '[') {
        return { error: `a '.' at character ${i + 1} must be followed by a key` };
      }
      i++;
      continue;
    }
    if (ch === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return { error: `'[' at character ${i + 1} is not closed` };
      const inner = text.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^(["']).*\1$/.test(inner)) segments.push(inner.slice(1, -1));
      else return { error: `[${inner}] must be an index like [0] or a quoted key like ["a b"]` };
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
    segments.push(text.slice(i, j));
    i = j;
  }
  return segments;
}

/** The value at `segments`, or undefined when any step is missing. */
export function getAtPath(value: unknown, segments: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment] as unknown;
    } else {
      if (Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}
