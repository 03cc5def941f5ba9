import type { PortalScopes } from '@portal/client';
import { useScopes } from '@portal/react';
import type { ReactNode } from 'react';
import { QueryState } from './query-state';

/** Shows `children` when any of `sections` is enabled for the tenant, else says it is not. */
export function SectionGate({
  sections,
  title,
  children,
}: {
  sections: readonly (keyof PortalScopes)[];
  title: string;
  children: ReactNode;
}) {
  const scopes = useScopes();
  return (
    <QueryState query={scopes}>
      {(data) =>
        sections.some((section) => data[section]) ? (
          children
        ) : (
          <>
            <h1>{title}</h1>
            <p role="alert" className="notice">
              This section is not enabled for your company.
            </p>
          </>
        )
      }
    </QueryState>
  );
}
