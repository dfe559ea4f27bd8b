// Whether a member still has to accept the privacy policy currently in force.
import type { MemberCard, PrivacyPolicy } from '@huiyuan/shared';

export function needsConsent(member: Pick<MemberCard, 'consent'>, policy: Pick<PrivacyPolicy, 'version'>): boolean {
  return member.consent?.version !== policy.version;
}
