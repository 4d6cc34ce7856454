export * from './special';
export * from './rng';
export * from './mcnemar';
export * from './z-test';
export * from './bootstrap';
