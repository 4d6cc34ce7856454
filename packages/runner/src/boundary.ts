import { formatError, getErrorMessage, isUserError } from '@modelgate/core';
import { handleCancellation } from './cancellation';
import type { ActionsIO } from './io';
import { redactSecrets } from './secrets';

/**
 * Runs an action's body and classifies any failure at this one place. A user error becomes one
 * error annotation (pointing at its file and line when known) and exit code 1, with no stack
 * trace. A bug also fails the step, and its stack goes to the debug log. Never throws.
 *
 * While the body runs, SIGINT and SIGTERM (the runner cancelling the step) remove the step's
 * temporary files, print one line and exit 130 or 143 (`cancellation.ts`).
 */
export async function runAction(io: ActionsIO, body: () => Promise<void>): Promise<void> {
  const stopHandling = handleCancellation();
  try {
    await body();
  } catch (err) {
    try {
      if (isUserError(err)) {
        const location = err.location;
        io.setFailed(formatError(err), {
          ...(location?.file !== undefined && { file: location.file }),
          ...(location?.line !== undefined && { startLine: location.line }),
          ...(location?.column !== undefined && { startColumn: location.column }),
        });
      } else {
        io.debug(err instanceof Error && err.stack ? err.stack : getErrorMessage(err));
        io.setFailed(formatError(err));
      }
    } catch (reportingErr) {
      // The runner itself failed (e.g. an unwritable output file): say so on stderr and exit 1.
      process.stderr.write(
        redactSecrets(`${formatError(err)}\n(${getErrorMessage(reportingErr)})\n`),
      );
      process.exitCode = 1;
    }
  } finally {
    stopHandling();
  }
}
