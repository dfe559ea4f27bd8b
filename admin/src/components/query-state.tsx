// Loading, error and empty states of one query, the same on every screen.
import { Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert';

export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: { data: T | undefined; error: unknown; isLoading: boolean; refetch: () => unknown };
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isLoading)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin tip="加载中…">
          <div style={{ minHeight: 40 }} />
        </Spin>
      </div>
    );
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return null;
  if (isEmpty?.(query.data)) return <>{empty ?? <Empty description="暂无数据" />}</>;
  return <>{children(query.data)}</>;
}
