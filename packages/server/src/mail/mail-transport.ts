import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';

interface MailMessage {
  /** The outbox row's id; also the mail's Message-ID, so a receiver can spot a resent copy. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise (development only, config refuses production
 * without SMTP_URL) each mail becomes an .eml file under MAIL_OUTBOX_DIR and its text is logged, so a
 * developer can follow a sign-in link without a mail server.
 */
export function createMailTransport(mail: Config['mail'], logger: Logger): MailTransport {
  if (mail.smtpUrl) {
    const transporter = nodemailer.createTransport(
      {
        url: mail.smtpUrl,
        pool: true, // one connection for many mails, instead of one each
        // Bounded, so a mail server that hangs cannot hold a claimed mail past its lease.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      },
      { from: mail.from },
    );
    return {
      send: async (message) => {
        await transporter.sendMail(toNodemailer(message));
      },
      close: () => transporter.close(),
    };
  }

  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (message) => {
      const info = await transporter.sendMail({ from: mail.from, ...toNodemailer(message) });
      await mkdir(mail.outboxDir, { recursive: true });
      const file = path.join(
        mail.outboxDir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${message.id}.eml`,
      );
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      logger.info(
        { to: message.to, subject: message.subject, file, text: message.text },
        'mail written to file',
      );
    },
    close: () => transporter.close(),
  };
}

function toNodemailer(message: MailMessage) {
  return {
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.id}@portal.outbox>`,
  };
}
