import { getErrorMessage } from '../../errors';
import { parsePairwiseReply } from '../judge/parse';
import { pairwiseJudgeMessages } from '../judge/prompt';
import type { Check, JudgeClient } from './types';
import type { ChatMessage } from '../template';

/** The candidate's result against the baseline in one comparison, or in both orders combined. */
export type PairwiseOutcome = 'win' | 'tie' | 'loss';

/**
 * Combines the two orders of a pairwise comparison: the candidate wins (or loses) only when both
 * orders say so; any disagreement, or a tie in either, is a tie. This cancels the judge's
 * position bias.
 */
export function combineOrders(first: PairwiseOutcome, second: PairwiseOutcome): PairwiseOutcome {
  return first === second ? first : 'tie';
}

const SCORE: Record<PairwiseOutcome, number> = { win: 1, tie: 0.5, loss: 0 };

async function askOnce(
  judge: JudgeClient,
  criteria: string | undefined,
  prompt: readonly ChatMessage[],
  candidate: string,
  baseline: string,
  candidateIs: 'A' | 'B',
): Promise<PairwiseOutcome | { error: string }> {
  const [a, b] = candidateIs === 'A' ? [candidate, baseline] : [baseline, candidate];
  let reply: string;
  try {
    reply = await judge.complete(pairwiseJudgeMessages(criteria, prompt, a, b));
  } catch (err) {
    return { error: `judge call failed: ${getErrorMessage(err)}` };
  }
  const verdict = parsePairwiseReply(reply);
  if (!verdict.ok) return { error: `malformed judge reply: ${verdict.error}` };
  if (verdict.winner === 'tie') return 'tie';
  return verdict.winner === candidateIs ? 'win' : 'loss';
}

/**
 * `pairwise`: a judge compares the output with the baseline's stored output for the same case,
 * in both orders (candidate as A, then as B). Score: win 1, tie 0.5, loss 0; passes when the
 * score is at least `threshold` (default 0.5: not worse than the baseline). No baseline output,
 * a failed call or an unreadable reply is an error, never a pass.
 */
export function pairwiseCheck(criteria: string | undefined, threshold: number): Check {
  return async ({ output, prompt, judge, baselineOutput }) => {
    if (judge === undefined) {
      return { pass: false, score: 0, error: true, reason: 'no judge model is configured' };
    }
    if (baselineOutput === undefined) {
      return {
        pass: false,
        score: 0,
        error: true,
        reason: 'the baseline has no stored output for this case',
      };
    }
    const [first, second] = await Promise.all([
      askOnce(judge, criteria, prompt, output, baselineOutput, 'A'),
      askOnce(judge, criteria, prompt, output, baselineOutput, 'B'),
    ]);
    if (typeof first === 'object' || typeof second === 'object') {
      const error = typeof first === 'object' ? first.error : (second as { error: string }).error;
      return { pass: false, score: 0, error: true, reason: error };
    }
    const outcome = combineOrders(first, second);
    const score = SCORE[outcome];
    return {
      pass: score >= threshold,
      score,
      reason: `${outcome} against the baseline (as A: ${first}, as B: ${second})`,
    };
  };
}
