// Who is calling: the JWT, the principal on the request, and the decorators routes use to say
// who may call them. One guard (auth.guard.ts) enforces all of it.
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role, StaffRole } from '@huiyuan/shared';

export interface MemberPrincipal {
  kind: 'member';
  id: string;
  role: 'member';
}
export interface StaffPrincipal {
  kind: 'staff';
  id: string;
  role: StaffRole;
  storeId: string | null;
  /** The store's currency as the guard read it with the staff row on this request (null: the programme's). */
  storeCurrency?: string | null;
}
export type Principal = MemberPrincipal | StaffPrincipal;

export const ROLES_KEY = 'huiyuan:roles';
export const PUBLIC_KEY = 'huiyuan:public';
export const CONSENT_EXEMPT_KEY = 'huiyuan:consent-exempt';
export const STORE_SCOPE_KEY = 'huiyuan:store-scope';

/** No token needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** Only these roles may call the route. Routes without @Roles or @Public are refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** A member may call this before accepting the current privacy policy. */
export const ConsentExempt = () => SetMetadata(CONSENT_EXEMPT_KEY, true);
/**
 * The route acts on a store named by a route param or query field; cashiers and managers may
 * only name their own store (admins any). `source` is e.g. `params.storeId` or `query.storeId`.
 */
export const StoreScoped = (source: `params.${string}` | `query.${string}` | `body.${string}`) =>
  SetMetadata(STORE_SCOPE_KEY, source);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!req.principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return req.principal;
});

export const CurrentMember = createParamDecorator((_: unknown, ctx: ExecutionContext): MemberPrincipal => {
  const p = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (p?.kind !== 'member') throw new Error('CurrentMember used on a route open to staff');
  return p;
});

export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffPrincipal => {
  const p = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (p?.kind !== 'staff') throw new Error('CurrentStaff used on a route open to members');
  return p;
});
