import type { PortalScopes } from '@portal/client';

type SectionKey = keyof PortalScopes;

export interface Section {
  key: SectionKey;
  path: string;
  label: string;
  summary: string;
}

// A Record, so that a section added to the contract's PortalScopes does not compile until it is named here.
const SECTIONS: Record<SectionKey, Omit<Section, 'key'>> = {
  finance: { path: '/finance', label: 'Finance', summary: 'Invoices, payments and what is outstanding.' },
  support: { path: '/support', label: 'Support', summary: 'Questions and requests to the team.' },
  configurator: {
    path: '/configurator',
    label: 'Configurator',
    summary: 'Configure products and ask for estimates.',
  },
};

/** Every section, in navigation order. */
export const ALL_SECTIONS: readonly Section[] = Object.entries(SECTIONS).map(([key, section]) => ({
  key: key as SectionKey,
  ...section,
}));

/** The sections the tenant enabled, in navigation order. */
export function enabledSections(scopes: PortalScopes): Section[] {
  return ALL_SECTIONS.filter((section) => scopes[section.key]);
}
