import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread that runs `body` from its source text (`eval`), so that the same code
 * runs in the tests (TypeScript through ts-jest or tsx) and in an ncc bundle, which has no file
 * for a worker to load. The body therefore closes over nothing and imports nothing: it gets
 * CommonJS `require` as its one argument, out of the bundler's sight (webpack would rewrite a
 * `require` call in it to its own module table), and reads its input from `workerData`.
 *
 * esbuild (tsx) wraps named arrows in `__name(fn, name)`; the source defines that helper as the
 * identity so that the body does not depend on esbuild's. Code coverage counters inserted into
 * the body would break it: callers must treat a worker that fails as "not done here" and do the
 * work on the calling thread.
 *
 * Throws what `new Worker` throws (e.g. when the process may not start threads).
 */
export function startFunctionWorker<Load>(body: (load: Load) => void, workerData: unknown): Worker {
  const source = `var __name = (f) => f;\n(${body.toString()})(require);`;
  return new Worker(source, { eval: true, workerData });
}
