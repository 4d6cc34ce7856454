/**
 * A bounded-concurrency work pool: at most `concurrency` tasks in flight, started in index
 * order. Shared by every model client (HTTP endpoint, OpenAI-compatible, command batches).
 */

export interface PoolOptions {
  /** The most tasks in flight at once; 1 or more. */
  readonly concurrency: number;
  /** When aborted, no further task starts; tasks in flight finish. */
  readonly signal?: AbortSignal;
}

/** What a pool run did: how many tasks started (those after were skipped by `signal`). */
export interface PoolOutcome {
  readonly started: number;
}

/**
 * Runs `task(i)` for i = 0 … count-1 with at most `concurrency` in flight, in index order.
 * A task that should not stop the run must catch its own errors: the first task that throws
 * stops new starts, the tasks in flight are awaited, and the pool rejects with that error.
 * Throws a RangeError for a concurrency below 1.
 */
export async function runPool(
  count: number,
  options: PoolOptions,
  task: (index: number) => Promise<void>,
): Promise<PoolOutcome> {
  const concurrency = Math.floor(options.concurrency);
  if (!(concurrency >= 1))
    throw new RangeError(`concurrency must be 1 or more; got ${options.concurrency}`);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < count && !options.signal?.aborted) {
      const index = next++;
      try {
        await task(index);
      } catch (err) {
        if (!failed) {
          failed = true;
          firstError = err;
        }
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let w = 0; w < Math.min(concurrency, count); w++) workers.push(worker());
  await Promise.all(workers);
  if (failed) throw firstError;
  return { started: next };
}

/**
 * Maps `items` through `fn` with bounded concurrency, results in input order. Rejects with the
 * first error, as {@link runPool}.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  await runPool(items.length, { concurrency }, async (i) => {
    results[i] = await fn(items[i] as T, i);
  });
  return results;
}
