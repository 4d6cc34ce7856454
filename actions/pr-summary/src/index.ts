import { defaultDeps } from './deps';
import { run } from './main';

await run(defaultDeps());
