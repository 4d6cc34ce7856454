export * from './errors';
export * from './report/index';
export * from './stats/quantile';
export * from './render/escape';
