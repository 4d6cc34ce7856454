import { prefetchPredictions } from './predictions-thread';

// A large predictions file starts parsing on a worker thread first, so that the parse overlaps
// the loading of the rest of the action (./main and its dependencies, loaded next).
const prefetched = prefetchPredictions(process.env, process.cwd());
const { run, defaultDeps } = await import('./main');
await run(defaultDeps(prefetched));
