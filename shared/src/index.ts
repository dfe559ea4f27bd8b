export * from './api/index.js';
export * from './rules/index.js';
export * from './money.js';
export * from './time.js';
