/**
 * evaluate-model endpoint mode: 5,000 cases at concurrency 32 against a loopback model server
 * (started by the harness, in its own process) answering every request after a fixed 20 ms.
 * The ideal bound is 5000 × 20 ms / 32 = 3.125 s; the target is within 10% of it. Measured
 * in-process (the client alone, bench/workers/evaluate-endpoint.ts, with bare fetch and
 * node:http pools for reference) and as the whole bundle run (spawn to exit, with reading the eval set, metrics and
 * report).
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RowSpec } from '../harness/aggregate';
import { actionEnv, bundle, CACHE, tsWorker } from '../harness/benchmark';
import type { Benchmark } from '../harness/benchmark';

const CASES = 5000;
const CONCURRENCY = 32;
const LATENCY_MS = 20;
const IDEAL_MS = (CASES * LATENCY_MS) / CONCURRENCY;
const IDEAL = `ideal bound (${CASES} × ${LATENCY_MS} ms / ${CONCURRENCY})`;

export const evaluateEndpoint: Benchmark = {
  name: 'evaluate-endpoint',
  description: `evaluate-model endpoint mode, ${CASES} cases at concurrency ${CONCURRENCY}, loopback server with a fixed ${LATENCY_MS} ms latency`,
  async setup(ctx) {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json', 'x-model-version': 'bench-1' });
          res.end('{"prediction":{"label":"odd","probabilities":{"odd":0.6,"even":0.4}}}');
        }, LATENCY_MS),
      );
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/predict`;

    const dir = join(CACHE, 'evaluate-endpoint');
    mkdirSync(dir, { recursive: true });
    const lines = Array.from({ length: CASES }, (_, i) =>
      JSON.stringify({ id: `c${i}`, x: i, text: `case ${i}`, label: i % 2 ? 'odd' : 'even' }),
    );
    writeFileSync(join(dir, 'eval.jsonl'), `${lines.join('\n')}\n`);
    const { env, reset } = actionEnv(
      {
        dataset: 'eval.jsonl',
        endpoint: url,
        'response-path': 'prediction.label',
        concurrency: String(CONCURRENCY),
        'report-path': join(dir, 'out', 'evaluation.json'),
      },
      join(dir, 'bundle-run'),
    );
    const units = { count: CASES, name: 'cases' };
    const target = [
      { label: 'within 10% of the ideal bound', on: 'time-ratio', op: '<=', value: 1.1 },
    ] as const;
    const rows: RowSpec[] = [
      { case: 'endpoint', tool: IDEAL, time: 'wall', units },
      {
        case: 'endpoint',
        tool: 'modelgate client, in-process',
        time: 'clientMs',
        units,
        peer: `endpoint/${IDEAL}`,
        targets: target,
      },
      {
        case: 'endpoint',
        tool: 'bare fetch pool, in-process',
        time: 'bareMs',
        units,
        peer: `endpoint/${IDEAL}`,
        note: 'reference: the floor of global fetch (undici), which the client used until it moved to node:http',
      },
      {
        case: 'endpoint',
        tool: 'bare node:http pool, in-process',
        time: 'httpMs',
        units,
        peer: `endpoint/${IDEAL}`,
        note: "reference: the floor of node:http with a keep-alive Agent (the client's transport) on this machine",
      },
      {
        case: 'endpoint',
        tool: 'modelgate bundle, whole run',
        time: 'wall',
        units,
        peer: `endpoint/${IDEAL}`,
        targets: target,
        note: 'spawn to exit, ≈0.4 s of process start and bundle load included',
      },
    ];
    return {
      rows,
      jobs: [
        {
          rows: [`endpoint/${IDEAL}`],
          fixed: { wallMs: IDEAL_MS, peakRssKb: undefined, metrics: {} },
        },
        {
          rows: [
            'endpoint/modelgate client, in-process',
            'endpoint/bare fetch pool, in-process',
            'endpoint/bare node:http pool, in-process',
          ],
          spec: tsWorker(ctx.node, 'evaluate-endpoint.ts', [
            url,
            String(CASES),
            String(CONCURRENCY),
          ]),
        },
        {
          rows: ['endpoint/modelgate bundle, whole run'],
          spec: {
            command: ctx.node,
            args: [bundle('evaluate-model')],
            env,
            cwd: dir,
            before: reset,
          },
        },
      ],
      notes: [
        'The loopback server runs in the harness process (idle otherwise); the client in a child process. Peak RSS of the in-process rows is the worker process (both pools).',
        'time vs peer = median time / ideal bound.',
      ],
      teardown: async () => {
        server.closeAllConnections();
        server.close();
        await once(server, 'close');
      },
    };
  },
};
