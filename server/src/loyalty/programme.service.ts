// Moved to programme/ (the versioned, admin-editable programme); re-exported for existing imports.
export { ProgrammeService, type ProgrammeSettings } from '../programme/programme.service.js';
