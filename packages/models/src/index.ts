export * from './clock';
export * from './pool';
export * from './rate-limit';
export * from './retry';
export * from './source';
