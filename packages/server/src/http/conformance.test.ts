import { describeConformance, describeCookieModeConformance } from '@portal/test-kit/conformance';
import { startServerBackend } from '../testing/server-backend.js';
import { databaseKinds } from '../testing/test-database.js';

// The behaviours the mocks must share with the server (@portal/test-kit's conformance suite), proven here on
// the real server over each database; packages/mocks runs the same suite against the mocks.
for (const kind of databaseKinds()) {
  describeConformance(`the server on ${kind}`, () => startServerBackend(kind));
  describeCookieModeConformance(`the server on ${kind}`, async () => {
    const backend = await startServerBackend(kind);
    // CORS_ORIGINS is not set: the origin of PORTAL_URL is the one allowed.
    return { ...backend, allowedOrigin: backend.server.config.corsOrigins[0] as string };
  });
}
