export * from './result.js';
export * from './tiers.js';
export * from './expiry.js';
export * from './points.js';
export * from './member-code.js';
export * from './member-number.js';
export * from './profile.js';
