// Loads the CommonJS build in plain Node and makes one call through a stand-in fetch.
const { createPortalClient, PortalApiError } = require('@portal/client');
const { portalClientForRequest } = require('@portal/client/server');

const portal = createPortalClient({
  baseUrl: 'https://portal.example',
  fetch: async () =>
    Response.json({ title: 'Unauthorized', status: 401, detail: 'no', time: 'now' }, { status: 401 }),
});
portal
  .me()
  .catch((error) =>
    console.log(error instanceof PortalApiError, error.status, typeof portalClientForRequest),
  );
