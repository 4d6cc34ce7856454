/**
 * The demo's classifiers as an evaluate-model `command`: `tsx scripts/demo/classify.ts
 * <baseline|candidate>` trains the model (deterministic), then reads rows as JSONL on stdin and
 * writes one `{id, prediction, probabilities}` line per row. Used by the pr-gate workflow.
 */
import { createInterface } from 'node:readline';
import { MODELS, trainDemoModel } from './pipeline';

const which = process.argv[2];
if (which !== 'baseline' && which !== 'candidate') {
  console.error(`usage: classify.ts <${Object.keys(MODELS).join('|')}>; got ${String(which)}`);
  process.exit(2);
}
const model = trainDemoModel(which);
const out: string[] = [];
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  const row = JSON.parse(line) as { id: string; text: string };
  out.push(
    JSON.stringify({
      id: row.id,
      prediction: model.predict(row.text),
      probabilities: model.predictProba(row.text),
    }),
  );
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
