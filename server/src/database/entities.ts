// Every entity, listed once for the data source and the schema check.
import { AuditLog } from '../audit/audit-log.entity.js';
import { Staff } from '../identity/staff.entity.js';
import { ConsentRecord } from '../members/consent-record.entity.js';
import { Member } from '../members/member.entity.js';
import { TierChange } from '../members/tier-change.entity.js';
import { Tier } from '../members/tier.entity.js';
import { Store } from '../stores/store.entity.js';

export const ENTITIES = [Store, Tier, Member, ConsentRecord, TierChange, Staff, AuditLog];
