export * from './envelope';
export * from './bounded-metrics';
export * from './data-validation';
export * from './evaluation';
export * from './regression';
export * from './cost';
export * from './kinds';
export * from './zero-work';
