import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callOperation } from '@portal/test-kit/call-operation';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signInRequestResolver } from '../features/sign-in/resolve-sign-in-request.js';
import { createMetrics } from '../metrics/metrics.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { databaseKinds } from '../testing/test-database.js';
import { capturingLogger, databaseText } from '../tests/support/auth-fixtures.js';
import { insertUserWithClient } from '../tests/support/fixtures.js';
import { startSmtpTestServer, tokenFromMail, unusedPort } from '../tests/support/smtp-test-server.js';
import { createMailCipher, type MailCipher } from './mail-cipher.js';
import { createMailTransport, type MailTransport } from './mail-transport.js';
import { REMOVED_BODY } from './outbox-repository.js';
import { createOutboxWorker, type OutboxWorkerOptions, retryDelayMs } from './outbox-worker.js';

const silent = pino({ level: 'silent' });
const FROM = 'Portal <portal@example.com>';
const settings = { pollIntervalMs: 10, retryBaseMs: 1000, retryMaxMs: 60_000, maxAttempts: 5 };

describe('retry backoff', () => {
  it('doubles from the base delay up to the maximum', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, { retryBaseMs: 1000, retryMaxMs: 10_000 }));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

describe.each(databaseKinds())('the outbox worker on %s', (kind) => {
  let server: TestServer;
  let cipher: MailCipher;

  beforeAll(async () => {
    server = await startTestServer(kind, { OUTBOX_WORKER: 'false', RATE_LIMIT_MAGIC_LINK_IP: '1000/60' });
    cipher = server.mailCipher;
  });
  afterAll(() => server?.close());
  // Each test owns the outbox: a worker claims whatever is due.
  beforeEach(() => server.database.knex('mail_outbox').delete());

  const db = () => server.database.knex;
  const worker = (transport: MailTransport, options: Partial<OutboxWorkerOptions> = {}) =>
    createOutboxWorker({
      db: db(),
      transport,
      cipher,
      logger: silent,
      settings,
      prepare: signInRequestResolver(db(), options.cipher ?? cipher),
      ...options,
    });
  const outboxRow = (to: string) => db()('mail_outbox').where({ to_address: to }).first();

  /** A sign-in link requested through the API, for a new user; returns the user's email. */
  async function requestLink(): Promise<string> {
    const { tenant, user } = await insertUserWithClient(db());
    const res = await callOperation(server.url, 'requestMagicLink', {
      body: {
        email: user.email,
        tenantCode: tenant.code,
      },
    });
    expect(res.status).toBe(204);
    return user.email;
  }

  async function insertMail(to: string, sealer: MailCipher = cipher) {
    const id = randomUUID();
    await db()('mail_outbox').insert({
      id,
      to_address: to,
      subject: 'Hello',
      text_body: sealer.seal(id, `plain for ${to}`),
      html_body: sealer.seal(id, '<p>html</p>'),
      seal_key_id: sealer.sealKeyId,
      next_attempt_at: new Date(Date.now() - 60_000), // due, whatever the clocks of database and test
    });
    return id;
  }

  it('keeps a mail while SMTP is down, retries it with backoff, and delivers it once SMTP is back', async () => {
    const port = await unusedPort();
    const smtpDown = createMailTransport(
      { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, outboxDir: '' },
      silent,
    );
    const email = await requestLink();
    let now = new Date();
    const outbox = worker(smtpDown, { clock: () => now });

    expect(await outbox.runOnce()).toBe(1);
    let row = await outboxRow(email);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, sent_at: null });
    expect(row.last_error).toMatch(/ECONNREFUSED/);
    expect(new Date(row.next_attempt_at).getTime()).toBe(now.getTime() + 1000);
    // While it waits, the mail is encrypted: the database holds no link.
    expect(await databaseText(db())).not.toMatch(/auth\/magic|token=/);

    expect(await outbox.runOnce()).toBe(0); // not due yet
    now = new Date(now.getTime() + 1000);
    expect(await outbox.runOnce()).toBe(1);
    row = await outboxRow(email);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(new Date(row.next_attempt_at).getTime()).toBe(now.getTime() + 2000);

    const smtp = await startSmtpTestServer(port);
    try {
      now = new Date(now.getTime() + 2000);
      expect(await outbox.runOnce()).toBe(1);
      row = await outboxRow(email);
      expect(row).toMatchObject({
        status: 'sent',
        attempts: 3,
        text_body: REMOVED_BODY,
        html_body: REMOVED_BODY,
      });
      const token = tokenFromMail(await smtp.waitForMailTo(email));
      expect(await databaseText(db())).not.toContain(token);
      expect((await callOperation(server.url, 'validateMagicLink', { query: { token } })).status).toBe(200);
    } finally {
      await outbox.stop();
      await smtp.close();
    }
  });

  it('after a mail key rotation, mail sealed with the old key still opens and new mail is sealed with the new', async () => {
    const ring = (...ids: string[]) =>
      createMailCipher({
        sealKeyId: ids[0] as string,
        keys: new Map(ids.map((id) => [id, Buffer.alloc(32, id)])),
        legacyKeyId: undefined,
      });
    const sent: { to: string; text: string }[] = [];
    const capturing: MailTransport = { send: async (m) => void sent.push(m), close() {} };
    await insertMail(`old-key-${kind}@example.com`, ring('m1'));
    const rotated = ring('m2', 'm1');
    await insertMail(`new-key-${kind}@example.com`, rotated);
    expect(await worker(capturing, { cipher: rotated }).runOnce()).toBe(2);
    expect(sent.map((m) => m.text).sort()).toEqual([
      `plain for new-key-${kind}@example.com`,
      `plain for old-key-${kind}@example.com`,
    ]);
    expect(
      Number((await db()('mail_outbox').where({ seal_key_id: 'm2' }).count({ n: '*' }).first())?.n),
    ).toBe(1);
  });

  it('gives up at once on a mail whose key is gone, with the reason, and delivers the others', async () => {
    const ring = (...ids: string[]) =>
      createMailCipher({
        sealKeyId: ids[0] as string,
        keys: new Map(ids.map((id) => [id, Buffer.alloc(32, id)])),
        legacyKeyId: undefined,
      });
    const sent: string[] = [];
    const capturing: MailTransport = { send: async (m) => void sent.push(m.to), close() {} };
    const orphan = `orphan-${kind}@example.com`;
    const fine = `fine-${kind}@example.com`;
    await insertMail(orphan, ring('m1'));
    await insertMail(fine, ring('m2'));
    expect(await worker(capturing, { cipher: ring('m2') }).runOnce()).toBe(2);
    expect(sent).toEqual([fine]);
    expect(await outboxRow(orphan)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'sealed with mail key "m1", which is no longer in MAIL_KEYS',
      text_body: REMOVED_BODY,
    });
    expect(await outboxRow(fine)).toMatchObject({ status: 'sent' });
  });

  it('gives up after the last attempt, keeping the mail as failed without its body', async () => {
    let now = new Date();
    const failing: MailTransport = {
      send: async () => Promise.reject(new Error('550 mailbox unavailable')),
      close() {},
    };
    const metrics = createMetrics();
    const outbox = worker(failing, { clock: () => now, settings: { ...settings, maxAttempts: 2 }, metrics });
    const to = `gives-up-${kind}@example.com`;
    await insertMail(to);

    expect(await outbox.runOnce()).toBe(1);
    now = new Date(now.getTime() + 1000);
    expect(await outbox.runOnce()).toBe(1);
    expect(await outboxRow(to)).toMatchObject({
      status: 'failed',
      attempts: 2,
      last_error: '550 mailbox unavailable',
      text_body: REMOVED_BODY,
      html_body: REMOVED_BODY,
    });
    now = new Date(now.getTime() + 3_600_000);
    expect(await outbox.runOnce()).toBe(0);
    // Two failed sends, the second one final: what the PortalMailFailedForGood alert reads.
    expect((await metrics.mailSends.get()).values).toContainEqual(
      expect.objectContaining({ labels: { result: 'failed' }, value: 2 }),
    );
    expect((await metrics.mailsFailedForGood.get()).values[0]?.value).toBe(1);
  });

  it('with several workers at once, sends each mail exactly once', async () => {
    const smtp = await startSmtpTestServer();
    const addresses = Array.from({ length: 30 }, (_, i) => `many-${i}-${kind}@example.com`);
    for (const to of addresses) await insertMail(to);
    const workers = [1, 2, 3].map(() =>
      worker(createMailTransport({ smtpUrl: smtp.url, from: FROM, outboxDir: '' }, silent), { batchSize: 4 }),
    );
    try {
      const sentBy = await Promise.all(
        workers.map(async (w) => {
          let sent = 0;
          for (let n = await w.runOnce(); n > 0; n = await w.runOnce()) sent += n;
          return sent;
        }),
      );
      expect(sentBy.reduce((a, b) => a + b)).toBe(30);
      const received = smtp.received.filter((m) => addresses.includes(m.to));
      expect(received).toHaveLength(30);
      expect(new Set(received.map((m) => m.to)).size).toBe(30);
      const statuses = await db()('mail_outbox').whereIn('to_address', addresses).pluck('status');
      expect(statuses).toEqual(Array(30).fill('sent'));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await smtp.close();
    }
  });

  it('without SMTP_URL, writes each mail as an .eml file under MAIL_OUTBOX_DIR and logs its text', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'portal-mail-'));
    const log = capturingLogger();
    const outbox = worker(
      createMailTransport({ smtpUrl: undefined, from: FROM, outboxDir: dir }, log.logger),
    );
    try {
      const email = await requestLink();
      expect(await outbox.runOnce()).toBe(1);
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const mail = await simpleParser(await readFile(path.join(dir, files[0] as string)));
      expect(mail.to).toMatchObject({ value: [{ address: email }] });
      const token = tokenFromMail({ text: mail.text ?? '' });

      const line = log.lines.find((l) => l.msg === 'mail written to file');
      expect(line).toMatchObject({ to: email, file: path.join(dir, files[0] as string) });
      expect(line?.text).toContain(`/auth/magic#token=${token}`);
      expect((await callOperation(server.url, 'validateMagicLink', { query: { token } })).status).toBe(200);
    } finally {
      await outbox.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stop() lets the delivery in progress finish, then polls no more', async () => {
    let release: () => void = () => {};
    let sending: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      sending = resolve;
    });
    const slow: MailTransport = {
      send: () =>
        new Promise<void>((resolve) => {
          release = resolve;
          sending();
        }),
      close() {},
    };
    const outbox = worker(slow);
    const first = `slow-${kind}@example.com`;
    await insertMail(first);
    outbox.start();
    await started;

    let stopped = false;
    const stopping = outbox.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false); // still waiting for the send
    release();
    await stopping;
    expect((await outboxRow(first)).status).toBe('sent');

    const second = `after-stop-${kind}@example.com`;
    await insertMail(second);
    await new Promise((r) => setTimeout(r, settings.pollIntervalMs * 5));
    expect((await outboxRow(second)).status).toBe('pending');
  });
});

describe('the in-process outbox worker', () => {
  it('starts with the server and stops with it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'portal-mail-'));
    const log = capturingLogger();
    const server = await startTestServer(
      'pglite',
      { MAIL_OUTBOX_DIR: dir, OUTBOX_POLL_MS: '10', LOG_LEVEL: 'debug' },
      { logger: log.logger },
    );
    try {
      const { tenant, user } = await insertUserWithClient(server.database.knex);
      await callOperation(server.url, 'requestMagicLink', {
        body: { email: user.email, tenantCode: tenant.code },
      });
      for (let i = 0; i < 200 && (await readdir(dir)).length === 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(await readdir(dir)).toHaveLength(1);
    } finally {
      await server.close();
      await new Promise((r) => setTimeout(r, 100));
      await rm(dir, { recursive: true, force: true });
    }
    expect(log.lines.some((l) => l.msg === 'outbox worker started')).toBe(true);
    // A worker left running after close() would fail on the closed database, and say so.
    expect(log.lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
