import { describeConformance, describeCookieModeConformance } from '@portal/test-kit/conformance';
import { startMockBackend } from '../test-support/mock-backend.js';

// The behaviours the mocks share with the server (@portal/test-kit's conformance suite), proven on the
// mocks; packages/server runs the same suite against the real server.
describeConformance('the mocks', startMockBackend);
// The mocks allow any localhost origin by default (create-handlers.ts), as a development server would be.
describeCookieModeConformance('the mocks', async () => ({
  ...(await startMockBackend()),
  allowedOrigin: 'http://localhost:5173',
}));
