export * from './io';
export * from './inputs';
export * from './boundary';
export * from './files';
export * from './provenance';
export * from './context';
export * from './github';
export * from './artifacts';
