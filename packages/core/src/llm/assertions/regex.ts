import type { Check } from './types';

/**
 * Compiles a user's regular expression. `pattern` may be a bare pattern (with `flags` beside it)
 * or a literal `/pattern/flags`. Returns the RegExp, or the engine's message when it is invalid.
 * The `g` and `y` flags are dropped: they make `test` stateful.
 */
export function compileRegex(pattern: string, flags = ''): RegExp | { error: string } {
  let source = pattern;
  let allFlags = flags;
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (literal && flags === '') {
    source = literal[1] ?? '';
    allFlags = literal[2] ?? '';
  }
  try {
    return new RegExp(source, allFlags.replace(/[gy]/g, ''));
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** `regex`: the output matches the expression somewhere (anchor it with ^ and $ to match whole). */
export function regexCheck(re: RegExp): Check {
  return ({ output }) => {
    const pass = re.test(output);
    return { pass, score: pass ? 1 : 0, reason: `${pass ? 'matches' : 'does not match'} ${re}` };
  };
}
