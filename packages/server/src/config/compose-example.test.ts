import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, type ProcessRole } from './config.js';

// compose.yaml is the example operators copy: each process there gets the keys it needs and no other.
const compose = parse(readFileSync(new URL('../../../../compose.yaml', import.meta.url), 'utf8'), {
  merge: true,
}) as { services: Record<string, { command?: string[]; environment?: Record<string, string> }> };
const services = Object.values(compose.services);
const running = (entry: string) => services.filter((s) => s.command?.some((part) => part.includes(entry)));

describe('the example compose.yaml', () => {
  it('gives the outbox worker the mail keys and no key that can mint access tokens', () => {
    const [worker] = running('outbox-worker.js');
    expect(Object.keys(worker?.environment ?? {})).toContain('MAIL_KEYS');
    expect(Object.keys(worker?.environment ?? {})).not.toContain('JWT_SECRET');
    expect(Object.keys(worker?.environment ?? {})).not.toContain('SIGNING_KEYS_DIR');
  });

  it('gives the migrate step the database settings only', () => {
    const migrate = services.find((s) => s.command?.join(' ').endsWith('portal-admin.js migrate'));
    expect(Object.keys(migrate?.environment ?? {}).sort()).toEqual(['DATABASE_URL', 'NODE_ENV']);
  });

  it("passes each process's production checks once the operator's keys are filled in", () => {
    const filled = (value: string) =>
      String(value).replace(/\$\{(\w+):\?[^}]*\}/g, (_, name: string) =>
        name === 'MAIL_KEYS'
          ? 'm1:Zp3rT8vXq1LmN6bW0cYh5sKd2fGj9aUe4iOo7RtEyQw'
          : 'q7Jx2mVb9LkP4wZr8TnY3cHs6FdG1aQe',
      );
    const roles: [string, ProcessRole][] = [
      ['portal-admin.js', 'database-tool'],
      ['outbox-worker.js', 'outbox-worker'],
    ];
    const portal = services.filter((s) => s.environment?.NODE_ENV === 'production');
    expect(portal.length).toBeGreaterThanOrEqual(3); // the migrate step, the API, the worker
    for (const service of portal) {
      const role = roles.find(([entry]) => service.command?.some((part) => part.includes(entry)))?.[1];
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([name, value]) => [name, filled(value)]),
      );
      expect(() => loadConfig(env, role ?? 'server')).not.toThrow();
    }
  });

  it('holds no placeholder secret (production refuses one)', () => {
    for (const service of services) {
      for (const value of Object.values(service.environment ?? {})) {
        expect(String(value)).not.toMatch(/change-?me/i);
      }
    }
  });
});
