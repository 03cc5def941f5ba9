import { describeConformance } from '@portal/test-kit/conformance';
import { startServerBackend } from '../testing/server-backend.js';
import { databaseKinds } from '../testing/test-database.js';

// The behaviours the mocks must share with the server (@portal/test-kit's conformance suite), proven here on
// the real server over each database; packages/mocks runs the same suite against the mocks.
for (const kind of databaseKinds()) {
  describeConformance(`the server on ${kind}`, () => startServerBackend(kind));
}
