export * from './errors.js';
export * from './common.js';
export * from './member.js';
export * from './auth.js';
export * from './admin.js';
export * from './points.js';
export * from './cashier.js';
export * from './coupons.js';
