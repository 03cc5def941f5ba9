import type { OperationId } from '@portal/contract';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Authenticator } from '../tokens/authenticate.js';
import { apiReferenceRoutes } from './api-reference.js';
import { bearerGuard } from './bearer-guard.js';
import { contractValidator } from './contract-validator.js';
import { corsForPortal } from './cors.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
// The properties this app adds to Express's Request (request id, logger, principal).
import type {} from './express-request.js';
import { healthRoutes, type Readiness } from './health.js';
import { imageBodyParser } from './image-body.js';
import { jsonBodyParser } from './json-body.js';
import type { OperationHandlers } from './operation-handler.js';
import { operationTag } from './operation-tag.js';
import { requestLogger } from './request-logger.js';
import { requestMetrics } from './request-metrics.js';
import { requestTracing } from './request-tracing.js';
import { mountOperations } from './routes.js';

export interface AppDeps {
  config: Pick<
    Config,
    'validateResponses' | 'bodyLimitBytes' | 'avatarMaxBytes' | 'trustProxy' | 'corsOrigins' | 'apiDocs'
  >;
  db: Knex;
  logger: Logger;
  authenticator: Authenticator;
  /** The protected reads whose handlers check the token's liveness in their own statement. */
  liveCheckedByRead: ReadonlySet<OperationId>;
  handlers: OperationHandlers;
  /** Request counts and durations are recorded only when the metrics are served (METRICS_PORT). */
  requestMetrics?: Metrics | undefined;
  /** A span per request, and trace ids in its log lines (only while OTEL_* turns tracing on). */
  tracing?: boolean;
  /** Set when the instance shuts down; /readyz then answers 503. */
  readiness?: Readiness;
}

/**
 * Builds the HTTP application; listening and shutting down are the entry point's business. Every route
 * below comes from the contract's generated operation facts (@portal/contract).
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.config.trustProxy !== undefined) app.set('trust proxy', deps.config.trustProxy);

  if (deps.tracing) app.use(requestTracing());
  if (deps.requestMetrics) app.use(requestMetrics(deps.requestMetrics));
  app.use(requestLogger(deps.logger, { traceIds: deps.tracing === true }));
  app.use(helmet());
  app.use(corsForPortal(deps.config.corsOrigins));
  app.use(healthRoutes(deps.db, deps.readiness));
  app.use(apiReferenceRoutes({ docs: deps.config.apiDocs }));
  // After CORS: an Express router answers OPTIONS itself for the paths it routes, before cors could.
  app.use(operationTag());
  app.use(jsonBodyParser(deps.config.bodyLimitBytes));
  app.use(bearerGuard(deps.authenticator, deps.liveCheckedByRead));
  app.use(imageBodyParser(deps.config.avatarMaxBytes));
  app.use(contractValidator({ validateResponses: deps.config.validateResponses }));
  mountOperations(app, deps.handlers);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
