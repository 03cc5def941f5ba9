import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

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
    const [migrate] = running('portal-admin.js');
    expect(Object.keys(migrate?.environment ?? {}).sort()).toEqual(['DATABASE_URL', 'NODE_ENV']);
  });

  it('holds no placeholder secret (production refuses one)', () => {
    for (const service of services) {
      for (const value of Object.values(service.environment ?? {})) {
        expect(String(value)).not.toMatch(/change-?me/i);
      }
    }
  });
});
