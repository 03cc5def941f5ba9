import { problems } from '@portal/contract';
import type { MockClock } from './clock.js';
import type { MockSettings } from './settings.js';

/**
 * The server's per-address limit of code attempts (RATE_LIMIT_VERIFY_CODE_EMAIL, a fixed window): over it,
 * 429 with `Retry-After`, for registered and unknown addresses alike.
 */
export class AttemptCounter {
  #windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly clock: MockClock,
    private readonly settings: () => MockSettings,
  ) {}

  /** Counts one attempt for `key`; throws the 429 problem when the window's attempts are used up. */
  consume(key: string): void {
    const now = this.clock.now().getTime();
    const { codeAttemptsPerAddress, codeAttemptWindowSeconds } = this.settings();
    let window = this.#windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + codeAttemptWindowSeconds * 1000 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    if (window.count > codeAttemptsPerAddress) throw problems.tooManyRequests(window.endsAt - now);
  }

  clear(): void {
    this.#windows.clear();
  }
}
