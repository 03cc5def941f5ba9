import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl, requestLogger } from './request-logger.js';

describe('request log redaction', () => {
  it('hides the magic-link token but keeps the rest of the URL', () => {
    expect(redactUrl('/api/v1/portal/auth/validate?token=s3cret&x=1')).toBe(
      '/api/v1/portal/auth/validate?token=%5Bredacted%5D&x=1',
    );
  });

  it('leaves URLs without secrets alone', () => {
    expect(redactUrl('/api/v1/portal/me')).toBe('/api/v1/portal/me');
    expect(redactUrl('/x?page=2')).toBe('/x?page=2');
  });
});

describe('the request log', () => {
  const lines: Record<string, unknown>[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(JSON.parse(String(chunk)));
        callback();
      },
    });
    const app = express();
    app.use(requestLogger(pino({ level: 'info' }, sink)));
    app.get('/ok', (req, res) => {
      req.log.info('handler says hello');
      res.json({ ok: true });
    });
    app.get('/broken', (_req, res) => {
      res.status(500).end();
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const linesOf = (id: string | null) =>
    lines.filter((l) => (l.req as { id?: string } | undefined)?.id === id);

  it('writes one line per request with its id, method, redacted URL, status and time', async () => {
    const res = await fetch(`${url}/ok?token=s3cret`);
    await res.arrayBuffer();
    const id = res.headers.get('x-request-id');
    await expect.poll(() => linesOf(id).length).toBe(2);
    const [hello, done] = linesOf(id);
    expect(hello).toMatchObject({ level: 30, msg: 'handler says hello' });
    expect(done).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id, method: 'GET', url: '/ok?token=%5Bredacted%5D' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });

  it('logs a 5xx answer as an error', async () => {
    const res = await fetch(`${url}/broken`);
    await res.arrayBuffer();
    const id = res.headers.get('x-request-id');
    await expect.poll(() => linesOf(id).length).toBe(1);
    expect(linesOf(id)[0]).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 500 } });
  });
});
