export * from './types';
export * from './format';
export * from './resolve-files';
export * from './fingerprint';
export * from './coerce';
export * from './dataset';
export * from './read-all';
export * from './read-columns';
