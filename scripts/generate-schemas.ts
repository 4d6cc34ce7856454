// Writes schemas/<kind>.schema.json from the zod schemas in @modelgate/core, the single source of truth.
import { writeFileSync, mkdirSync } from 'node:fs';
import { z } from 'zod';
import { ExampleResult, REPORT_VERSION, reportSchemas } from '@modelgate/core';

const out = new URL('../schemas/', import.meta.url);
mkdirSync(out, { recursive: true });

const write = (name: string, schema: z.ZodType, title: string): void => {
  const json = {
    $id: `https://modelgate.dev/schemas/${name}.schema.json`,
    title,
    ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' }),
  };
  writeFileSync(new URL(`${name}.schema.json`, out), `${JSON.stringify(json, null, 2)}\n`);
};

for (const [kind, schema] of Object.entries(reportSchemas)) {
  write(`${kind}@${REPORT_VERSION}`, schema, `modelgate/${kind}@${REPORT_VERSION} report`);
}
write(
  `example-result@${REPORT_VERSION}`,
  ExampleResult,
  'One line of the per-example JSONL of an evaluation',
);
process.stdout.write(`wrote ${Object.keys(reportSchemas).length + 1} schemas to schemas/\n`);
