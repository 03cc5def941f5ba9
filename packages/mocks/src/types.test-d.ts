// Type tests, checked by `pnpm typecheck`: each @ts-expect-error must be an error, or tsc fails.
import type { HttpHandler } from 'msw';
import { createAccount } from './data/accounts.js';
import { createClientProfile, createMe } from './data/factories.js';
import { authOperations } from './handlers/auth-operations.js';
import type { MockOperations } from './http/operation-types.js';
import { createPortalHttp } from './http/portal-http.js';
import { resetMockState, useScenario } from './state/default-state.js';

const portalHttp = createPortalHttp();

// Factories take only the contract's fields, with the contract's types.
createMe({ firstName: 'Ada' });
// @ts-expect-error firstName is a string
createMe({ firstName: 1 });
// @ts-expect-error not a field of PortalMe
createMe({ nickname: 'ada' });
createClientProfile({ billingAddress: null });
// @ts-expect-error name is not nullable
createClientProfile({ name: null });
createAccount({ dashboard: { openOrders: 0 } });

// Every operation needs a mock: leaving one out does not compile.
// @ts-expect-error the portal operations are missing
const incomplete: MockOperations = { ...authOperations };

// A mock answers the contract's status and body types. (An extra field in a returned literal escapes
// TypeScript's excess-property check; the contract guard's additionalProperties catches it at run time.)
const wrongBody: Pick<MockOperations, 'getScopes'> = {
  // @ts-expect-error configurator is a boolean
  getScopes: () => ({ status: 200, body: { configurator: 'yes', finance: true, support: true } }),
};
const wrongStatus: Pick<MockOperations, 'logout'> = {
  // @ts-expect-error logout answers 204, never 200
  logout: () => ({ status: 200 }),
};

// Overrides with openapi-msw are typed by the contract's paths and responses.
const override: HttpHandler = portalHttp.get('/api/v1/portal/me', ({ response }) =>
  response(200).json(createMe()),
);
// @ts-expect-error no such path in the contract
portalHttp.get('/api/v1/portal/invoices', ({ response }) => response(200).json({}));
// @ts-expect-error getScopes does not declare 404
portalHttp.get('/api/v1/portal/scopes', ({ response }) => response(404).json({}));

// Scenario names are checked where they are literals.
resetMockState({ scenario: ['signed-in', 'empty-dashboard'] });
// @ts-expect-error not a scenario
resetMockState({ scenario: ['signed-inn'] });
useScenario('rate-limited');

export { incomplete, override, wrongBody, wrongStatus };
