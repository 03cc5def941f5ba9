/** A sign-in mail the mock "sent": what a test or a QA engineer reads instead of an inbox. */
export interface MockMail {
  to: string;
  tenantCode: string;
  subject: string;
  /** The magic-link token, as `validate` expects it. */
  token: string;
  /** The one-time code printed beside the link, as `verify-code` expects it: `7KQM-P3XR`. */
  code: string;
  /** The link the mail would contain, as the server's: the app's `/auth/magic` page with `#token=`. */
  link: string;
  sentAt: string;
}

/** The mock's outbox, inspectable from tests (`mailbox.latest('ada@example.com').token`). */
export class Mailbox {
  #messages: MockMail[] = [];
  #listeners = new Set<(mail: MockMail) => void>();

  /** Every mail sent since the last reset, oldest first. */
  get messages(): readonly MockMail[] {
    return [...this.#messages];
  }

  /** The most recent mail, to `to` when given (compared case-insensitively), or undefined. */
  latest(to?: string): MockMail | undefined {
    const wanted = to?.trim().toLowerCase();
    return this.#messages.findLast((mail) => wanted === undefined || mail.to === wanted);
  }

  /** The token of the most recent mail to `to`; throws, naming the recipients, when there is none. */
  tokenFor(to: string): string {
    return this.#latestOrThrow(to).token;
  }

  /** The one-time code of the most recent mail to `to`; throws, naming the recipients, when there is none. */
  codeFor(to: string): string {
    return this.#latestOrThrow(to).code;
  }

  #latestOrThrow(to: string): MockMail {
    const mail = this.latest(to);
    if (!mail) {
      const sent = this.#messages.map((m) => m.to).join(', ') || 'none';
      throw new Error(`No sign-in mail to ${to} (mails sent to: ${sent})`);
    }
    return mail;
  }

  /** Calls `listener` with every mail sent from now on; returns the unsubscribe function. */
  onMail(listener: (mail: MockMail) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Puts a mail in the mailbox, as the mock's request-magic-link does. */
  deliver(mail: MockMail): void {
    this.#messages.push(mail);
    for (const listener of this.#listeners) listener(mail);
  }

  /** Empties the mailbox. */
  clear(): void {
    this.#messages = [];
  }
}
