import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describeError } from './describe-error';

/** Renders a query's data, or says it is loading or why it failed. */
export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children(data: T): ReactNode;
}) {
  if (query.isPending) return <p className="muted">Loading…</p>;
  if (query.isError)
    return (
      <p role="alert" className="error">
        {describeError(query.error)}
      </p>
    );
  return <>{children(query.data)}</>;
}
