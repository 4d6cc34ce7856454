import type { ExampleResult } from '../report/evaluation';
import { correctness, isScored, labelText } from './paired';
import type { PairedRuns } from './paired';

/** The characters of an expected value or model output kept in a listed flip. */
export const FLIP_TEXT_CHARS = 200;

/** The flips listed in the report; the artifact file beside it holds them all. */
export const FLIPS_LISTED = 100;

/** One example whose outcome changed between the runs. */
export interface Flip {
  readonly id: string;
  /** `fixed`: wrong in the baseline, right in the candidate; `broken`: the reverse. */
  readonly kind: 'fixed' | 'broken';
  readonly expected?: string;
  /** The run's output (the predicted label, or an LLM's first output), or its error. */
  readonly baseline?: string;
  readonly candidate?: string;
}

/** Every flip of a paired evaluation, broken ones first, each group in eval-set order. */
export interface Flips {
  readonly fixed: number;
  readonly broken: number;
  readonly all: readonly Flip[];
}

/**
 * True when the run got the example right: it has a prediction (an errored or not-run example
 * is wrong) and that prediction is correct (`correct` when the row states it, as LLM cases do
 * when every repeat passed; else expected = predicted).
 */
export function isRight(row: ExampleResult): boolean {
  return isScored(row) && correctness(row) === 1;
}

function outputOf(row: ExampleResult, maxChars: number): string | undefined {
  if (!isScored(row)) return clip(`error: ${row.error ?? row.status ?? 'no prediction'}`, maxChars);
  return row.predicted === undefined ? undefined : clip(labelText(row.predicted), maxChars);
}

/** `text` cut to `maxChars` code points, with an ellipsis when cut. */
export function clip(text: string, maxChars: number): string {
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars).join('')}…`;
}

/**
 * The examples the candidate fixed (wrong → right) and broke (right → wrong) of two paired
 * classification or LLM runs, with expected value and both outputs cut to `maxChars`
 * (default {@link FLIP_TEXT_CHARS}). Broken ones come first; within a kind, eval-set order.
 */
export function findFlips(runs: PairedRuns, maxChars = FLIP_TEXT_CHARS): Flips {
  const fixed: Flip[] = [];
  const broken: Flip[] = [];
  for (let i = 0; i < runs.ids.length; i++) {
    const a = runs.baseline[i]!;
    const b = runs.candidate[i]!;
    const before = isRight(a);
    const after = isRight(b);
    if (before === after) continue;
    const expected = b.expected ?? a.expected;
    const baseline = outputOf(a, maxChars);
    const candidate = outputOf(b, maxChars);
    const flip: Flip = {
      id: runs.ids[i]!,
      kind: after ? 'fixed' : 'broken',
      ...(expected !== undefined && { expected: clip(labelText(expected), maxChars) }),
      ...(baseline !== undefined && { baseline }),
      ...(candidate !== undefined && { candidate }),
    };
    (after ? fixed : broken).push(flip);
  }
  return { fixed: fixed.length, broken: broken.length, all: [...broken, ...fixed] };
}
