export * from './rng';
export * from './mcnemar';
export * from './z-test';
export * from './bootstrap';
export * from './metric-source';
export * from './policy';
export * from './paired';
export * from './compare';
