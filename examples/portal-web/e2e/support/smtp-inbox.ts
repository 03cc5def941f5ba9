import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
}

export interface SmtpInbox {
  /** The SMTP_URL of this server. */
  url: string;
  /** The next mail to `address` not taken yet, waiting up to `timeoutMs`. */
  nextMailTo(address: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (smtp-server, no TLS or authentication) that keeps every mail. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const unread: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
        const address = to?.value[0]?.address?.toLowerCase() ?? '';
        unread.push({ to: address, subject: mail.subject ?? '', text: mail.text ?? '' });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    async nextMailTo(address, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = unread.findIndex((mail) => mail.to === address.toLowerCase());
        if (index >= 0) return unread.splice(index, 1)[0] as ReceivedMail;
        if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The sign-in link of a mail: `<PORTAL_URL>/auth/magic#token=...`. */
export function signInLink(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+\/auth\/magic#token=[\w-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no sign-in link in the mail: ${mail.text}`);
  return link;
}

/** The one-time code of a sign-in mail (`7KQM-P3XR`), as its text shows it. */
export function signInCode(mail: ReceivedMail): string {
  const code = /^ {4}([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})$/m.exec(mail.text)?.[1];
  if (!code) throw new Error(`no sign-in code in the mail: ${mail.text}`);
  return code;
}
