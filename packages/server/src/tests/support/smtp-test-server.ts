import { type AddressInfo, createServer } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface SmtpTestServer {
  /** The SMTP_URL that reaches this server. */
  url: string;
  /** Every mail accepted so far, in order. */
  received: ReceivedMail[];
  /** Waits for the first mail to `address` (polling, bounded by `timeoutMs`). */
  waitForMailTo(address: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** While on, every mail is refused after its data was sent, with 451 (try again later). */
  setRefusing(refusing: boolean): void;
  /** How many mails were refused so far. */
  readonly refused: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (smtp-server), without TLS or authentication, that keeps what it gets.
 * `acceptDelayMs` makes it answer each mail that much later, like a busy mail server.
 */
export async function startSmtpTestServer(port = 0, { acceptDelayMs = 0 } = {}): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  let refusing = false;
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      if (refusing) {
        stream.on('end', () => {
          refused++;
          callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        });
        stream.resume();
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          setTimeout(() => {
            received.push(toReceived(mail));
            callback();
          }, acceptDelayMs);
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    async waitForMailTo(address, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = received.find((m) => m.to === address.toLowerCase());
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    setRefusing(value) {
      refusing = value;
    },
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function toReceived(mail: ParsedMail): ReceivedMail {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return {
    to: to?.value[0]?.address?.toLowerCase() ?? '',
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
    messageId: mail.messageId ?? '',
  };
}

/** A port of 127.0.0.1 that nothing listens on (yet): where a mail server that is down would be. */
export async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The token in a sign-in mail's link (`.../auth/magic#token=...`). */
export function tokenFromMail(mail: Pick<ReceivedMail, 'text'>): string {
  const match = /\/auth\/magic#token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no sign-in link in: ${mail.text}`);
  return match[1];
}

/** The one-time code of a sign-in mail (`7KQM-P3XR`), read from its text; the HTML must show the same. */
export function codeFromMail(mail: Pick<ReceivedMail, 'text' | 'html'>): string {
  const code = /^ {4}([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})$/m.exec(mail.text)?.[1];
  if (!code) throw new Error(`no sign-in code in: ${mail.text}`);
  if (!mail.html.includes(`>${code}</p>`)) throw new Error(`the HTML does not show the code ${code}`);
  return code;
}
