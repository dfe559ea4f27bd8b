// The logged-in staff member (Refine's identity) with the role checks the screens need.
import { useGetIdentity } from '@refinedev/core';
import type { Identity } from '../auth/auth-provider';

export function useIdentity(): { identity: Identity | undefined; isAdmin: boolean; isManager: boolean } {
  const { data } = useGetIdentity<Identity>();
  return { identity: data ?? undefined, isAdmin: data?.role === 'admin', isManager: data?.role === 'manager' };
}
