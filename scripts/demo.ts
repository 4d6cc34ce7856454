/**
 * `npm run demo`: the whole modelgate pipeline on real data, through the bundled actions as the
 * runner runs them, against loopback servers only. See scripts/demo/pipeline.ts.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../test/e2e/harness';
import { DemoStepCrashed, runDemoPipeline, shown } from './demo/pipeline';

const workDir = join(REPO_ROOT, '.tmp', 'demo');
try {
  const result = await runDemoPipeline({ workDir, log: (line) => console.log(line) });
  console.log('\n── The PR comment, as posted (read back from the loopback GitHub API) ──\n');
  console.log(result.comments.at(-1) ?? '(no comment was posted)');
  console.log('\n── Where things are ──');
  console.log(
    `golden set (${result.goldenSetSize} emails): ${shown(join(result.workspace, 'golden.jsonl'))}`,
  );
  for (const step of result.steps) {
    if (step.reportPath) console.log(`${step.name}: ${shown(step.reportPath)}`);
  }
  console.log(`artifacts (zips, by run id): ${shown(result.artifactsDir)}`);
  console.log(`  of the PR's run: ${result.artifactNames.join(', ')}`);
  console.log('\n── Verdicts ──');
  for (const step of result.steps) {
    console.log(`${step.name.padEnd(36)} ${String(step.status).padEnd(5)} exit ${step.exitCode}`);
  }
  console.log(
    `\nThe gate's verdict: ${result.verdict}. Elapsed: ${(result.elapsedMs / 1000).toFixed(1)} s.`,
  );
} catch (err) {
  if (err instanceof DemoStepCrashed) console.error(err.message);
  else console.error(err);
  process.exitCode = 1;
}
