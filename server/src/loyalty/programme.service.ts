// Moved to programme/ (the versioned, admin-editable programme). This re-export stays only for
// the files being rewritten elsewhere (rewards/rewards.service.ts, loyalty/points.service.ts,
// engagement/subscriptions.service.ts — the PENDING list in module-boundaries.spec.ts): point them
// at ../programme/programme.service.js after that merge, then delete this file.
export { ProgrammeService, type ProgrammeSettings } from '../programme/programme.service.js';
