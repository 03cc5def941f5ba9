// Loads the ESM build in plain Node and makes one call through a stand-in fetch.
import { createPortalClient } from '@portal/client';

const portal = createPortalClient({
  baseUrl: 'https://portal.example',
  fetch: async (request) =>
    Response.json({ configurator: true, finance: false, support: true, url: request.url }),
});
console.log(JSON.stringify(await portal.scopes()));
