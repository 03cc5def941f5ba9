import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Metrics } from '../metrics/metrics.js';
import { inNewTrace } from '../tracing/tracing.js';
import { type MailCipher, MailKeyMissing } from './mail-cipher.js';
import type { MailTransport } from './mail-transport.js';
import { type ClaimedMail, claimDueMails, markAttemptFailed, markSent } from './outbox-repository.js';

export interface OutboxWorkerOptions {
  db: Knex;
  transport: MailTransport;
  cipher: MailCipher;
  logger: Logger;
  settings: Omit<Config['outbox'], 'inProcess'>;
  clock?: () => Date;
  batchSize?: number;
  /** How long a claimed mail stays with its worker; far above the SMTP timeouts of mail-transport. */
  leaseMs?: number;
  /** Where sends are counted by result, and mails given up. */
  metrics?: Metrics;
  /**
   * Turns a claimed sign-in request into its mail (a row with `signInRequest`), or returns null when there
   * is nothing to send (compose.ts wires features/sign-in's resolver). Without it such a row fails its attempt.
   */
  prepare?: (mail: ClaimedMail) => Promise<ClaimedMail | null>;
}

export interface OutboxWorker {
  /** Starts polling the outbox every `pollIntervalMs` (at once again while a full batch came back). */
  start(): void;
  /** Delivers what is due now, once; returns how many mails it tried. */
  runOnce(): Promise<number>;
  /** Stops polling, waits for the delivery in progress, closes the transport. */
  stop(): Promise<void>;
}

/**
 * Delivers the mail outbox: claims due mails, sends them, marks them sent, and retries failures with
 * exponential backoff, giving up after `maxAttempts`. A mail is marked sent only after the mail server
 * accepted it, so delivery is at least once: a worker that dies between the two may send a mail again
 * after its lease, which the shared Message-ID lets a receiver recognise.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, transport, cipher, logger, settings, metrics } = options;
  const clock = options.clock ?? (() => new Date());
  const batchSize = options.batchSize ?? 10;
  const leaseMs = options.leaseMs ?? 600_000;
  let stopped = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  // Each send is a trace of its own: the request that queued the mail was answered long before.
  const deliver = (mail: ClaimedMail) =>
    inNewTrace('outbox send', { 'portal.mail.attempt': mail.attempts }, () => send(mail));

  async function send(claimed: ClaimedMail): Promise<void> {
    let mail = claimed;
    try {
      if (claimed.signInRequest) {
        if (!options.prepare) throw new Error('a sign-in request, and no resolver to turn it into a mail');
        const prepared = await options.prepare(claimed);
        if (!prepared) {
          // A request that names no one is counted as a sent mail: the series must not tell the two apart.
          metrics?.mailSends.inc({ result: 'sent' });
          logger.info({ mailId: claimed.id, attempts: claimed.attempts }, 'sign-in request handled');
          return;
        }
        mail = prepared;
      }
      await transport.send({
        id: mail.id,
        to: mail.to,
        subject: mail.subject,
        text: cipher.open(mail.id, mail.sealedText, mail.sealKeyId),
        html: cipher.open(mail.id, mail.sealedHtml, mail.sealKeyId),
      });
    } catch (err) {
      // A mail whose key is gone will never open: given up at once, and the worker goes on with the rest.
      const giveUp = mail.attempts >= settings.maxAttempts || err instanceof MailKeyMissing;
      const retryAt = giveUp ? null : new Date(clock().getTime() + retryDelayMs(mail.attempts, settings));
      const error = err instanceof Error ? err.message : String(err);
      await markAttemptFailed(db, mail.id, { error: error.slice(0, 1000), retryAt });
      metrics?.mailSends.inc({ result: 'failed' });
      if (giveUp) metrics?.mailsFailedForGood.inc();
      logger.warn({ mailId: mail.id, attempts: mail.attempts, retryAt, err }, 'mail delivery failed');
      return;
    }
    await markSent(db, mail.id, clock());
    metrics?.mailSends.inc({ result: 'sent' });
    logger.info({ mailId: mail.id, attempts: mail.attempts }, 'mail sent');
  }

  async function runOnce(): Promise<number> {
    const mails = await claimDueMails(db, { now: clock(), limit: batchSize, leaseMs });
    for (const mail of mails) await deliver(mail);
    return mails.length;
  }

  async function poll(): Promise<void> {
    while (!stopped) {
      let busy = false;
      try {
        busy = (await runOnce()) === batchSize;
      } catch (err) {
        // The database may be away for a while; the mails wait in it, so try again on the next round.
        logger.error({ err }, 'outbox round failed');
      }
      if (!busy && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, settings.pollIntervalMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  return {
    start() {
      if (loop) return;
      stopped = false;
      loop = poll();
    },
    runOnce,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      loop = undefined;
      transport.close();
    },
  };
}

/** The wait before attempt `attempts + 1`: doubling from `retryBaseMs`, at most `retryMaxMs`. */
export function retryDelayMs(
  attempts: number,
  { retryBaseMs, retryMaxMs }: Pick<Config['outbox'], 'retryBaseMs' | 'retryMaxMs'>,
): number {
  return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, attempts - 1));
}
