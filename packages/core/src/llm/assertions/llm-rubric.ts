import { getErrorMessage } from '../../errors';
import { parseJudgeReply } from '../judge/parse';
import { rubricJudgeMessages } from '../judge/prompt';
import type { Check } from './types';

/**
 * `llm-rubric`: a judge model scores the output against `rubric` from 0 to 1 with the versioned
 * judge prompt; passes when the score is at least `threshold`. A failed judge call or a reply
 * that cannot be read is an error, never a pass.
 */
export function llmRubricCheck(rubric: string, threshold: number): Check {
  return async ({ output, prompt, judge }) => {
    if (judge === undefined) {
      return { pass: false, score: 0, error: true, reason: 'no judge model is configured' };
    }
    let reply: string;
    try {
      reply = await judge.complete(rubricJudgeMessages(rubric, prompt, output));
    } catch (err) {
      return {
        pass: false,
        score: 0,
        error: true,
        reason: `judge call failed: ${getErrorMessage(err)}`,
      };
    }
    const verdict = parseJudgeReply(reply);
    if (!verdict.ok) {
      return {
        pass: false,
        score: 0,
        error: true,
        reason: `malformed judge reply: ${verdict.error}`,
      };
    }
    return {
      pass: verdict.score >= threshold,
      score: verdict.score,
      reason: `judge score ${verdict.score} (threshold ${threshold})${verdict.reason ? `: ${verdict.reason}` : ''}`,
    };
  };
}
