export * from './errors';
export * from './report/index';
