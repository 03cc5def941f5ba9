/** The mock's notion of now: the real time plus an offset tests move forward to expire tokens. */
export class MockClock {
  #offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /** Now, in seconds since the Unix epoch (the unit of `exp` and `accessExpiresUnix`). */
  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  /** Moves the mock's time forward, e.g. past an access token's expiry. */
  advance(seconds: number): void {
    this.#offsetMs += seconds * 1000;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  set offsetMs(value: number) {
    this.#offsetMs = value;
  }
}
