import { useSession } from '@portal/react';
import { Navigate, Outlet } from 'react-router';

/** Renders the signed-in pages, or sends the visitor to the sign-in page. */
export function RequireSession() {
  const { status } = useSession();
  if (status === 'loading') return null;
  if (status === 'signed-out') return <Navigate to="/sign-in" replace />;
  return <Outlet />;
}
