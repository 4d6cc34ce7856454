/**
 * evaluate-model's HTTP endpoint client: 5,000 cases at concurrency 32 against a loopback model
 * server (its own process) that answers every request after a fixed 20 ms. The ideal wall time is
 * 5000 × 20 ms / 32 = 3.125 s; the target is within 10% of it (≤ 3.44 s).
 *
 *   npx tsx bench/evaluate-endpoint.ts [cases] [concurrency] [latencyMs]
 *
 * Prints the wall time, its ratio to the ideal, requests/s, and the client-side p50/p95 latency.
 * Not a test: numbers vary with the machine.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { latencySummary } from '@modelgate/core';
import { createEndpointSource } from '@modelgate/models';
import type { EvalRow } from '@modelgate/models';

const cases = Number(process.argv[2] ?? 5000);
const concurrency = Number(process.argv[3] ?? 32);
const latencyMs = Number(process.argv[4] ?? 20);

const serverCode = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => setTimeout(() => {
    const row = JSON.parse(body);
    res.writeHead(200, { 'content-type': 'application/json', 'x-model-version': 'bench-1' });
    res.end(JSON.stringify({ prediction: { label: row.x % 2 ? 'odd' : 'even', probabilities: { odd: 0.6, even: 0.4 } } }));
  }, ${latencyMs}));
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;
const child = spawn(process.execPath, ['-e', serverCode], { stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
const url = `http://127.0.0.1:${chunk.toString().trim()}/predict`;

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
const ideal = (cases * latencyMs) / concurrency / 1000;
try {
  for (let r = 1; r <= 2; r++) {
    const latencies = new Float64Array(cases);
    let errors = 0;
    const t0 = performance.now();
    await source.run(rows, {
      onResult(i, p) {
        if (p.error) errors++;
        latencies[i] = p.latencyMs ?? Number.NaN;
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const s = latencySummary(latencies);
    process.stdout.write(
      `run ${r}: ${cases} cases, concurrency ${concurrency}, server ${latencyMs} ms: ${seconds.toFixed(3)} s ` +
        `(ideal ${ideal.toFixed(3)} s, ×${(seconds / ideal).toFixed(3)}), ${Math.round(cases / seconds)} req/s, ` +
        `client p50 ${s.p50Ms.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms, errors ${errors}\n`,
    );
  }
  // Baseline: bare fetch with a plain worker pool, no retries, parsing or rate limiting; the gap
  // to it is the client's own overhead, the gap from it to the ideal is the machine's.
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < cases) {
        const i = next++;
        const res = await fetch(url, { method: 'POST', body: JSON.stringify(rows[i]!.fields) });
        await res.json();
      }
    }),
  );
  const bare = (performance.now() - t0) / 1000;
  process.stdout.write(
    `bare fetch baseline: ${bare.toFixed(3)} s (×${(bare / ideal).toFixed(3)} of ideal)\n`,
  );
} finally {
  child.kill();
}
