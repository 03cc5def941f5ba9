import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { capturingLogger } from '../tests/support/auth-fixtures.js';
import { insertUserWithClient } from '../tests/support/fixtures.js';
import { waitFor } from '../tests/support/wait-for.js';
import { startTracing, type Tracing, tracingRequested } from './tracing.js';

describe('tracing is off by default', () => {
  it('starts only when the OTEL_* variables ask for it', async () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      true,
    );
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(
      tracingRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBe(false);
    expect(tracingRequested({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
    expect(await startTracing('portal-server', {})).toBeUndefined();
  });
});

// One trace id of the caller's, to prove the server continues a trace it is handed (W3C traceparent).
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('traces of a server (in-memory exporter)', () => {
  const exporter = new InMemorySpanExporter();
  const log = capturingLogger();
  let tracing: Tracing | undefined;
  let server: TestServer;
  let mailDir: string;
  beforeAll(async () => {
    tracing = await startTracing('portal-test', {}, { exporter });
    mailDir = await mkdtemp(path.join(tmpdir(), 'portal-trace-mail-'));
    server = await startTestServer(
      'pglite',
      { MAIL_OUTBOX_DIR: mailDir, OUTBOX_POLL_MS: '20' },
      { logger: log.logger },
    );
  });
  afterAll(async () => {
    await server?.close();
    await tracing?.shutdown();
    await rm(mailDir, { recursive: true, force: true });
  });

  const spans = () => exporter.getFinishedSpans();
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it('a span per request named by its operationId, continuing the caller trace, with the queries below it and its id in the log lines', async () => {
    const { tenant, user } = await insertUserWithClient(server.database.knex);
    const res = await callOperation(server.url, 'requestMagicLink', {
      body: { email: user.email, tenantCode: tenant.code },
      headers: { traceparent: `00-${CALLER_TRACE}-00f067aa0ba902b7-01` },
    });
    expect(res.status).toBe(204);
    const request = await waitFor('the request span', () =>
      spans().find((s) => s.name === 'requestMagicLink'),
    );
    const { traceId, spanId } = request.spanContext();
    expect(traceId).toBe(CALLER_TRACE);
    expect(request.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 204,
    });
    const queries = spans().filter((s) => s.spanContext().traceId === traceId && s.name.startsWith('db '));
    expect(queries.length).toBeGreaterThanOrEqual(2);
    expect(queries.every((q) => parentOf(q) === spanId)).toBe(true);
    // Statements only: the values (an email, a token hash) are bound, never in the span.
    expect(JSON.stringify(queries.map((q) => q.attributes))).not.toContain(user.email);

    const lines = log.lines.filter(
      (l) => (l.req as { url?: string } | undefined)?.url === '/api/v1/portal/auth/request-magic-link',
    );
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.every((l) => l.trace_id === CALLER_TRACE && l.span_id === spanId)).toBe(true);
  });

  it('the outbox sending a mail is a trace of its own, with its queries below it', async () => {
    const send = await waitFor('the outbox send span', () => spans().find((s) => s.name === 'outbox send'));
    expect(parentOf(send)).toBeUndefined();
    expect(send.spanContext().traceId).not.toBe(CALLER_TRACE);
    const below = spans().filter((s) => parentOf(s) === send.spanContext().spanId);
    expect(below.some((s) => s.name.startsWith('db '))).toBe(true);
  });
});
