import { describeConformance } from '@portal/test-kit/conformance';
import { startMockBackend } from '../test-support/mock-backend.js';

// The behaviours the mocks share with the server (@portal/test-kit's conformance suite), proven on the
// mocks; packages/server runs the same suite against the real server.
describeConformance('the mocks', startMockBackend);
