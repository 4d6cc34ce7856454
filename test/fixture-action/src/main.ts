import { z } from 'zod';
import { actionsIO, requiredInput, runAction, spec } from '@modelgate/runner';
import type { ActionsIO } from '@modelgate/runner';

/** A minimal action that proves the e2e harness: reads an input, writes an output and summary. */
export async function run(io: ActionsIO = actionsIO()): Promise<void> {
  await runAction(io, async () => {
    const message = requiredInput(io.getInput, 'message', {
      schema: z.string(),
      expect: 'some text',
    });
    const times = requiredInput(io.getInput, 'times', spec.positiveInt('2'));
    io.setOutput('echo', message.repeat(times));
    await io.appendSummary(`## fixture\n\n${message}\n`);
  });
}
