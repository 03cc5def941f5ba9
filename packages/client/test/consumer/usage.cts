// The same package seen from CommonJS: `require` resolves the `require` condition and its declarations.
import { createPortalClient, type PortalScopes } from '@portal/client';

const portal = createPortalClient({ baseUrl: 'https://portal.example' });

export async function scopes(): Promise<PortalScopes> {
  const result = await portal.scopes();
  // @ts-expect-error: the field is `support`
  console.log(result.supprt);
  return result;
}
