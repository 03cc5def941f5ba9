import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { AccessTokenSettings } from './auth/access-token.js';
import { createAuthenticator } from './auth/authenticate.js';
import type { Config } from './config/config.js';
import { apiReferenceRoutes } from './http/api-reference.js';
import { bearerGuard } from './http/bearer-guard.js';
import { corsForPortal } from './http/cors.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health.js';
import { jsonBodyParser } from './http/json-body.js';
import { requestLogger } from './http/logger.js';
import { contractValidator } from './http/openapi-validator.js';
import type { OperationHandlers } from './http/operation-handler.js';
import { mountOperations } from './http/routes.js';
import type { ApiDocument } from './http/spec.js';

export interface AppDeps {
  config: Pick<Config, 'validateResponses' | 'bodyLimitBytes' | 'trustProxy' | 'corsOrigin'>;
  db: Knex;
  logger: Logger;
  spec: ApiDocument;
  accessTokens: AccessTokenSettings;
  handlers: OperationHandlers;
}

/** Builds the HTTP application; listening and shutting down are `server.ts`'s business. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.config.trustProxy !== undefined) app.set('trust proxy', deps.config.trustProxy);

  app.use(requestLogger(deps.logger));
  app.use(helmet());
  app.use(corsForPortal(deps.config.corsOrigin));
  app.use(healthRoutes(deps.db));
  app.use(apiReferenceRoutes());
  // Only JSON bodies, of operations that take one, are parsed; other media types reach the validator
  // unparsed and are refused with 415.
  app.use(jsonBodyParser(deps.spec, deps.config.bodyLimitBytes));
  app.use(bearerGuard(deps.spec, createAuthenticator(deps.db, deps.accessTokens)));
  app.use(contractValidator({ spec: deps.spec, validateResponses: deps.config.validateResponses }));
  mountOperations(app, deps.spec, deps.handlers);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
