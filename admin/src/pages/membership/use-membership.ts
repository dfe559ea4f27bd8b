// The paid-membership screens' data: one query hook per read, the keys their writes refresh.
import { useQuery } from '@tanstack/react-query';
import { listCouponTemplates } from '../../api/endpoints';
import { getMemberMembership, listMembershipPlans } from '../../api/stored-value';

export const MEMBERSHIP_KEYS = {
  plans: ['membership-plans'] as const,
  member: (memberId: string) => ['member-membership', memberId] as const,
};

export const useMembershipPlans = () => useQuery({ queryKey: MEMBERSHIP_KEYS.plans, queryFn: listMembershipPlans });

/** The coupon templates a monthly pack may name (the same list and key as 优惠券). */
export const useCouponTemplates = (enabled: boolean) =>
  useQuery({ queryKey: ['coupon-templates'], queryFn: listCouponTemplates, enabled });

export const useMemberMembership = (memberId: string) =>
  useQuery({
    queryKey: MEMBERSHIP_KEYS.member(memberId),
    queryFn: () => getMemberMembership(memberId),
    enabled: Boolean(memberId),
  });
