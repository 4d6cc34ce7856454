export * from './errors';
export * from './report/index';
export * from './stats/quantile';
export * from './render/escape';
export * from './cost/decimal';
export * from './cost/price-table';
export * from './cost/built-in-prices';
