import { useScopes } from '@portal/react';
import { QueryState } from '../components/query-state';
import type { Section } from '../sections';

/**
 * A section the tenant may enable whose records the Portal API does not serve yet (Support), so the page
 * says so instead of showing made-up data; a section the tenant did not enable is refused.
 */
export function SectionPage({ section }: { section: Section }) {
  const scopes = useScopes();
  return (
    <QueryState query={scopes}>
      {(data) =>
        data[section.key] ? (
          <>
            <h1>{section.label}</h1>
            <p>{section.summary}</p>
            <p className="muted">
              Your company has this section enabled. The Portal API has no {section.label.toLowerCase()}{' '}
              records yet, so this reference app shows none.
            </p>
          </>
        ) : (
          <>
            <h1>{section.label}</h1>
            <p role="alert" className="notice">
              This section is not enabled for your company.
            </p>
          </>
        )
      }
    </QueryState>
  );
}
