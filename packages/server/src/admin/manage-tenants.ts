import type { Knex } from 'knex';
import { AdminError, EXIT } from '../errors/admin-error.js';
import { isKnownCurrency } from '../money/money.js';
import {
  endSignInsOfInactive,
  findTenantByCode,
  insertTenant,
  setTenantActive,
  type TenantRecord,
  updateTenantSections,
} from './admin-repository.js';
import { isUniqueViolation } from './constraint-errors.js';
import type { Section } from './import/import-document.js';
import { checkOptions } from './import/validate-shape.js';

export interface TenantView {
  id: string;
  code: string;
  name: string;
  currency: string;
  sections: Section[];
  active: boolean;
}

export async function createTenant(
  db: Knex,
  input: { code: string; name: string; currency: string; sections: string },
): Promise<TenantView> {
  const sections = parseSections(input.sections);
  checkOptions([
    ['code', input.code, '/$defs/tenantCode'],
    ['name', input.name, '/$defs/name'],
    ['currency', input.currency, '/$defs/tenant/properties/currency'],
    ['sections', sections, '/$defs/tenant/properties/sections'],
  ]);
  if (!isKnownCurrency(input.currency)) {
    throw new AdminError(
      `--currency "${input.currency}" is not an ISO 4217 currency (e.g. EUR, USD, JPY).`,
      EXIT.usage,
    );
  }
  try {
    return tenantView(
      await insertTenant(db, {
        code: input.code,
        name: input.name,
        currency: input.currency,
        ...sectionFlags(sections),
      }),
    );
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AdminError(`A tenant with code "${input.code}" already exists; choose another --code.`);
    }
    throw err;
  }
}

/** Replaces the tenant's enabled sections by exactly `sections` (empty: none). */
export async function setTenantSections(db: Knex, code: string, list: string): Promise<TenantView> {
  const sections = parseSections(list);
  checkOptions([['sections', sections, '/$defs/tenant/properties/sections']]);
  const row = await updateTenantSections(db, code, sectionFlags(sections));
  if (!row) throw noSuchTenant(code);
  return tenantView(row);
}

/** Deactivates the tenant: none of its users may sign in, and every sign-in of theirs ends at once. */
export async function deactivateTenant(
  db: Knex,
  code: string,
): Promise<TenantView & { endedSignIns: number }> {
  return db.transaction(async (trx) => {
    const row = await setTenantActive(trx, code, false);
    if (!row) throw noSuchTenant(code);
    return { ...tenantView(row), endedSignIns: await endSignInsOfInactive(trx, { tenantIds: [row.id] }) };
  });
}

/** Reactivates the tenant: its active users may sign in again; the sign-ins deactivation ended stay ended. */
export async function activateTenant(db: Knex, code: string): Promise<TenantView> {
  const row = await setTenantActive(db, code, true);
  if (!row) throw noSuchTenant(code);
  return tenantView(row);
}

/** The tenant with this code, or an error naming it. */
export async function requireTenant(db: Knex, code: string): Promise<TenantRecord> {
  return (await findTenantByCode(db, code)) ?? Promise.reject(noSuchTenant(code));
}

const noSuchTenant = (code: string) =>
  new AdminError(`No tenant with code "${code}". Check --tenant/--code, or create it with: tenant create.`);

/** `finance,support` -> ['finance', 'support']; the empty string means no section. */
function parseSections(list: string): Section[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0) as Section[];
}

const sectionFlags = (sections: Section[]) => ({
  section_configurator: sections.includes('configurator'),
  section_finance: sections.includes('finance'),
  section_support: sections.includes('support'),
});

function tenantView(row: TenantRecord): TenantView {
  const flags: [Section, boolean][] = [
    ['configurator', row.section_configurator],
    ['finance', row.section_finance],
    ['support', row.section_support],
  ];
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    currency: row.currency,
    sections: flags.filter(([, on]) => on).map(([name]) => name),
    active: row.active,
  };
}
