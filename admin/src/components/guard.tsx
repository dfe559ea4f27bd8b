// A route only some roles may open: anyone else (also arriving by URL) sees the 403 page.
import { CanAccess } from '@refinedev/core';
import type { ReactNode } from 'react';
import type { ConsoleResource } from '../auth/access';
import { Forbidden } from './results';

export function Guard({
  resource,
  action = 'list',
  children,
}: {
  resource: ConsoleResource;
  action?: string;
  children: ReactNode;
}) {
  return (
    <CanAccess resource={resource} action={action} fallback={<Forbidden />}>
      {children}
    </CanAccess>
  );
}
