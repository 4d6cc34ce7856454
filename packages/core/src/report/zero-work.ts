import type { Finding } from './envelope';
import type { AnyReport } from './kinds';

/** The finding code of a report that checked nothing. */
export const ZERO_WORK = 'zero_work';

/**
 * Why a report checked nothing, in words naming what was empty, or undefined when it did some
 * work. A data validation of zero rows; an evaluation of zero examples, or whose every example
 * errored (or was not run); a regression check with no metric compared, or one that already
 * says `zero_work`; a cost estimate of zero requests. A report of nothing is never a pass.
 */
export function zeroWorkReason(report: AnyReport): string | undefined {
  const said = report.findings.find((f) => f.code === ZERO_WORK);
  if (said) return said.message;
  switch (report.schema) {
    case 'modelgate/data-validation@1': {
      const data = report.body.data;
      return data.rows === 0
        ? `the data validation read 0 rows from ${data.path} (${data.files} file${data.files === 1 ? '' : 's'})`
        : undefined;
    }
    case 'modelgate/evaluation@1': {
      const ex = report.body.examples;
      const set = report.body.dataset.path;
      if (ex.total === 0) return `the evaluation had 0 examples (eval set ${set})`;
      if (ex.evaluated === 0) {
        return `the evaluation scored 0 of ${ex.total} examples of ${set} (${ex.errored} errored, ${ex.notRun} not run, ${ex.missingPredictions} without a prediction)`;
      }
      return undefined;
    }
    case 'modelgate/regression@1': {
      const compared = report.body.comparisons.filter((c) => c.candidate !== null);
      return compared.length === 0
        ? 'the regression check compared no metric: the candidate has no metric with a value'
        : undefined;
    }
    case 'modelgate/cost@1':
      return report.body.candidate.monthlyRequests === 0
        ? `the cost estimate of ${report.body.candidate.model} is for 0 requests`
        : undefined;
  }
}

/** The error finding of {@link zeroWorkReason}. */
export function zeroWorkFinding(reason: string): Finding {
  return {
    code: ZERO_WORK,
    severity: 'error',
    message: `Nothing was checked: ${reason}. A gate that checked nothing does not pass.`,
  };
}
