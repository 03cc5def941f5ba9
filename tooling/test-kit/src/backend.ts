/**
 * The accounts of the demo data (packages/server/demo/demo.json, the README's demo table) that both
 * backends serve: two users of one client, one of another client, in tenant `demo`.
 */
export interface DemoAccounts {
  tenantCode: string;
  /** Ada Lovelace, of Lovelace Engineering Ltd. */
  ada: string;
  /** Grace Hopper, of the same client as Ada. */
  grace: string;
  /** Charles Babbage, of Babbage Analytical Works. */
  charles: string;
}

/** The demo accounts by their emails. */
export const DEMO_ACCOUNTS: DemoAccounts = {
  tenantCode: 'demo',
  ada: 'ada@example.com',
  grace: 'grace@example.com',
  charles: 'charles@example.com',
};

/**
 * Something that answers the Portal API: the real server, or the mocks. The conformance suite and the parity
 * checks run the same requests against each.
 */
export interface Backend {
  /** Where the API answers, e.g. `http://127.0.0.1:40123`; the operations' paths follow it. */
  baseUrl: string;
  /** The accounts it serves, as the demo data has them. */
  accounts: DemoAccounts;
  /** The token of the latest sign-in mail sent to `email`, undefined while none was sent. */
  latestSignInToken(email: string): Promise<string | undefined>;
  /** The one-time code (`7KQM-P3XR`) of the latest sign-in mail sent to `email`, undefined while none was sent. */
  latestSignInCode(email: string): Promise<string | undefined>;
  /** An access token of `email`'s account that has expired, where the backend can make one. */
  expiredAccessToken?(email: string): Promise<string>;
  /**
   * Moves the rotation of `refreshToken` (already rotated) beyond the grace period, as if the grace period
   * (10 seconds) had passed: presenting it again can then only be a replay.
   */
  pastGracePeriod(refreshToken: string): Promise<void>;
  /** Sets which sections the demo tenant enables, as an operator would (`portal-admin tenant sections`). */
  setSections(sections: { configurator: boolean; finance: boolean; support: boolean }): Promise<void>;
  stop(): Promise<void>;
}
