/**
 * What each scenario makes the mock do. The first four say where the session stands and exclude each other;
 * the others combine with any of them (`signed-in,slow-network`).
 */
export const SCENARIOS = {
  'signed-out': 'No session: protected operations answer 401 until the app signs in (the default).',
  'signed-in': 'A session for the demo account is issued at once: `mockState.session` holds its tokens.',
  'expired-access':
    'Every access token issued before the scenario was chosen is expired, the pre-issued one too: the first protected call answers 401 and the app must refresh.',
  'refresh-revoked':
    'Access tokens issued before are expired and every refresh token is revoked: refresh answers 401 and the app must sign in again.',
  'rate-limited':
    'Operations that declare 429 (request-magic-link, validate, verify-code, refresh) answer 429 with Retry-After.',
  'server-error': 'Every operation answers 500 problem+json, as when the server fails.',
  'empty-dashboard':
    'The dashboard shows zero figures and the lists are empty: no orders, estimates or invoices yet.',
  'many-documents':
    'The client has hundreds of invoices, orders and estimates (57 unpaid, 45 open, 25 pending): pages to page through.',
  'slow-network': 'Every response is delayed (settings.slowNetworkDelayMs, 2 s by default).',
  'faker-data':
    "Instead of the server's demo data (Ada, Grace and Charles), one generated user with generated records (faker, fixed seed).",
} as const;

export type ScenarioName = keyof typeof SCENARIOS;

/** The scenarios that say where the session stands; at most one is active. */
export const SESSION_SCENARIOS = ['signed-out', 'signed-in', 'expired-access', 'refresh-revoked'] as const;
export type SessionScenario = (typeof SESSION_SCENARIOS)[number];

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

/**
 * Reads scenario names from code or from a comma-separated string (`"signed-in, slow-network"`). Throws on
 * an unknown name or on two session scenarios at once; an empty input means `signed-out`.
 */
export function parseScenarios(input: string | readonly string[]): ScenarioName[] {
  const parts = (typeof input === 'string' ? input.split(',') : input).map((s) => s.trim()).filter(Boolean);
  const names: ScenarioName[] = [];
  for (const part of parts) {
    if (!(part in SCENARIOS)) {
      throw new Error(`Unknown mock scenario "${part}"; known: ${SCENARIO_NAMES.join(', ')}`);
    }
    if (!names.includes(part as ScenarioName)) names.push(part as ScenarioName);
  }
  const sessions = names.filter(isSessionScenario);
  if (sessions.length > 1)
    throw new Error(`Choose one of ${sessions.join(' and ')}: they exclude each other`);
  return names.length === 0 ? ['signed-out'] : names;
}

export function isSessionScenario(name: string): name is SessionScenario {
  return (SESSION_SCENARIOS as readonly string[]).includes(name);
}
