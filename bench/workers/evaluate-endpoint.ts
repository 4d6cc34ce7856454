/**
 * Worker of bench/benchmarks/evaluate-endpoint.ts: evaluate-model's HTTP endpoint client
 * (createEndpointSource) sends <cases> rows at <concurrency> to <url>, then a bare-fetch worker
 * pool and a bare node:http keep-alive pool send the same rows (no retries, parsing or rate
 * limiting) for reference: the floor of each HTTP stack on this machine. Prints
 * `BENCH_RESULT {clientMs, bareMs, httpMs, errors}`, each timed in-process.
 */
import { Agent, request } from 'node:http';
import { createEndpointSource } from '@modelgate/models';
import type { EvalRow } from '@modelgate/models';

const [url, casesArg, concurrencyArg] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: evaluate-endpoint.ts <url> [cases] [concurrency]');
const cases = Number(casesArg ?? 5000);
const concurrency = Number(concurrencyArg ?? 32);

const rows: EvalRow[] = Array.from({ length: cases }, (_, i) => ({
  id: `c${i}`,
  index: i,
  fields: { x: i, text: `case ${i}` },
}));
const source = createEndpointSource({
  url,
  template: undefined,
  responsePath: 'prediction.label',
  probabilitiesPath: 'prediction.probabilities',
  concurrency,
  timeoutMs: 10_000,
  retries: 3,
});
let errors = 0;
let t0 = performance.now();
await source.run(rows, {
  onResult(_i, p) {
    if (p.error) errors++;
  },
});
const clientMs = performance.now() - t0;

let next = 0;
t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < cases) {
      const i = next++;
      const res = await fetch(url, { method: 'POST', body: JSON.stringify(rows[i]!.fields) });
      await res.json();
    }
  }),
);
const bareMs = performance.now() - t0;

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
function post(body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
next = 0;
t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < cases) {
      const i = next++;
      await post(JSON.stringify(rows[i]!.fields));
    }
  }),
);
const httpMs = performance.now() - t0;
agent.destroy();
if (errors > 0) throw new Error(`${errors} requests failed`);
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ clientMs, bareMs, httpMs, errors })}\n`);
