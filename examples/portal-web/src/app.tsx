import { PortalProvider } from '@portal/react';
import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/layout';
import { createQueryClient } from './data/portal-queries';
import { ClientPage } from './pages/client-page';
import { DashboardPage } from './pages/dashboard-page';
import { DevicesPage } from './pages/devices-page';
import { ConfiguratorPage, DocumentListPage, DocumentPage, FinancePage } from './pages/document-pages';
import { MagicLinkPage } from './pages/magic-link-page';
import { NotFoundPage } from './pages/not-found-page';
import { ProfilePage } from './pages/profile-page';
import { SectionPage } from './pages/section-page';
import { SignInPage } from './pages/sign-in-page';
import { portal } from './portal';
import { ALL_SECTIONS } from './sections';
import { RequireSession } from './session/require-session';

// Only `vite --mode mock` builds include the mocks' control panel (and msw); other builds drop this branch.
const MockPanel = import.meta.env.MODE === 'mock' ? lazy(() => import('./mocks/mock-panel')) : undefined;

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <PortalProvider client={portal} queryClient={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/auth/magic" element={<MagicLinkPage />} />
          <Route element={<RequireSession />}>
            <Route element={<Layout />}>
              <Route index element={<DashboardPage />} />
              <Route path="profile" element={<ProfilePage />} />
              <Route path="client" element={<ClientPage />} />
              <Route path="devices" element={<DevicesPage />} />
              <Route path="finance" element={<FinancePage />} />
              <Route path="configurator" element={<ConfiguratorPage />} />
              {ALL_SECTIONS.filter((s) => s.key === 'support').map((section) => (
                <Route key={section.key} path={section.path} element={<SectionPage section={section} />} />
              ))}
              {(['invoices', 'orders', 'estimates'] as const).map((kind) => [
                <Route key={kind} path={kind} element={<DocumentListPage kind={kind} />} />,
                <Route key={`${kind}-one`} path={`${kind}/:id`} element={<DocumentPage kind={kind} />} />,
              ])}
            </Route>
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </BrowserRouter>
      {MockPanel && (
        <Suspense>
          <MockPanel />
        </Suspense>
      )}
    </PortalProvider>
  );
}
