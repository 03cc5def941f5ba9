import { useClientProfile, useLogout, useMe, useScopes } from '@portal/react';
import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { enabledSections } from '../sections';
import { Picture } from './picture';

/** Header, navigation (only the sections the tenant enabled) and sign-out around the signed-in pages. */
export function Layout() {
  const me = useMe();
  const client = useClientProfile();
  const scopes = useScopes();
  const logout = useLogout();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);

  async function onSignOut() {
    setSigningOut(true);
    // The SDK forgets the session even when the server cannot be reached: signing out always works here.
    await logout.mutateAsync(undefined).catch(() => undefined);
    navigate('/sign-in', { replace: true });
  }

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Portal</span>
        <span className="who">
          {client.data && <Picture avatar={client.data.avatar} name={client.data.name} size={28} />}
          {me.data && (
            <Picture avatar={me.data.avatar} name={`${me.data.firstName} ${me.data.lastName}`} size={28} />
          )}
          {me.data && `${me.data.firstName} ${me.data.lastName} · ${me.data.clientName}`}
        </span>
        <button type="button" className="secondary" onClick={onSignOut} disabled={signingOut}>
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </header>
      <nav aria-label="Main" className="sidebar">
        <NavLink to="/" end>
          Dashboard
        </NavLink>
        {scopes.data &&
          enabledSections(scopes.data).map((s) => (
            <NavLink key={s.key} to={s.path}>
              {s.label}
            </NavLink>
          ))}
        <NavLink to="/profile">Profile</NavLink>
        <NavLink to="/client">Company</NavLink>
        <NavLink to="/devices">Devices</NavLink>
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
