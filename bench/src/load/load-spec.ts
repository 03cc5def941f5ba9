/** What one load run sends; passed as JSON to the load worker process. */
export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** How each request differs from the last; `fixed` sends `body` (if any) every time. */
  vary: Vary;
  connections: number;
  durationSeconds: number;
  /** Send exactly this many requests instead (the duration then only bounds the run). */
  amount?: number;
}

export type Vary =
  | { kind: 'fixed'; body?: string }
  /** request-magic-link for the large tenant's users (known) or for emails nobody has (unknown). */
  | { kind: 'email'; known: boolean; knownUsers: number; tag: string }
  /** validate with `?token=${prefix}${n}`, n = 0, 1, ... (a fresh single-use token each time). */
  | { kind: 'magic-link-token'; prefix: string }
  /** refresh with `{"refreshToken": "${prefix}${n}"}`. */
  | { kind: 'refresh-token'; prefix: string };

/** The figures of one load run. Latencies in milliseconds. */
export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Connection errors and timeouts, plus answers other than 2xx. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}
