import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NodeTracerProvider, SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { Knex } from 'knex';

/*
 * OpenTelemetry tracing, off unless the standard OTEL_* variables ask for it: OTEL_TRACES_EXPORTER=otlp or
 * an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), and never with
 * OTEL_SDK_DISABLED=true. The exporter reads the rest (headers, protocol, timeouts) from the environment
 * itself; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the process.
 *
 * While off, nothing here runs on any request: the middleware and the query spans are not installed, and
 * the outbox's span calls go to the API's no-op tracer.
 */

const TRACER = 'portal';
let provider: NodeTracerProvider | undefined;

export interface Tracing {
  /** Exports what is pending and stops. */
  shutdown(): Promise<void>;
}

/** Whether OTEL_* asks for traces. */
export function tracingRequested(env: Record<string, string | undefined>): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER;
  if (exporter !== undefined) return exporter.split(',').some((e) => e.trim() === 'otlp');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts tracing for this process when OTEL_* asks for it (or with `exporter`, which tests use with an
 * in-memory one); returns undefined when tracing stays off.
 */
export async function startTracing(
  serviceName: string,
  env: Record<string, string | undefined>,
  { exporter }: { exporter?: SpanExporter } = {},
): Promise<Tracing | undefined> {
  if (!exporter && !tracingRequested(env)) return undefined;
  // Loaded only when asked for: a process without traces does not even load the SDK at start.
  const [{ BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor }, { OTLPTraceExporter }, resources] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const { detectResources, envDetector, resourceFromAttributes } = resources;
  const resource = resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? serviceName }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  const spanProcessor = exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter());
  const started = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  started.register();
  provider = started;
  return {
    shutdown: async () => {
      await started.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      if (provider === started) provider = undefined;
    },
  };
}

/** Whether this process traces (then the HTTP middleware and query spans are installed). */
export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/** The trace and span ids to put in a log line logged inside a span (none outside one). */
export function traceIds(): { trace_id: string; span_id: string } | Record<string, never> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

const tracer = () => trace.getTracer(TRACER);

/**
 * Runs `work` as the root span of a trace of its own (the outbox sending a mail is not part of the request
 * that queued it, which was answered long before).
 */
export function inNewTrace<T>(
  name: string,
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { root: true, kind: SpanKind.INTERNAL, attributes }, async (span) => {
    try {
      return await work();
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** A span for each query run through `db`, below the span active where the query was started. */
export function traceQueries(db: Knex): void {
  const spans = new Map<string, Span>();
  db.on('query', (query: { __knexQueryUid: string; method?: string; sql: string }) => {
    const parent = context.active();
    if (!trace.getSpan(parent)) return; // a query outside any request or send: not worth a trace of its own
    const operation = (query.method ?? query.sql.split(' ', 1)[0] ?? 'query').toUpperCase();
    const span = tracer().startSpan(
      `db ${operation}`,
      // The statement without its values (bound as parameters): never an email or a token hash.
      { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': query.sql } },
      parent,
    );
    spans.set(query.__knexQueryUid, span);
  });
  const end = (failed: boolean) => (_r: unknown, query: { __knexQueryUid: string }) => {
    const span = spans.get(query.__knexQueryUid);
    if (!span) return;
    spans.delete(query.__knexQueryUid);
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  db.on('query-response', end(false));
  db.on('query-error', end(true));
}

/** Starts the server span of an incoming request (continuing the caller's trace from `traceparent`). */
export function startRequestSpan(method: string, headers: Record<string, string | string[] | undefined>) {
  const parent = propagation.extract(context.active(), headers);
  const span = tracer().startSpan(
    `${method}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

export { context as traceContext };
