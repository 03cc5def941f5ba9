import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROMTOOL_MISSING, promtool, runPromtool } from '../tests/support/promtool.js';
import { createMetrics, observeOutbox } from './metrics.js';

const RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../ops/prometheus');
const rules = path.join(RULES_DIR, 'portal-alerts.yaml');

describe.skipIf(!promtool)(`the alert rules of ops/prometheus${PROMTOOL_MISSING}`, () => {
  it('are accepted by promtool check rules', () => {
    const check = runPromtool(['check', 'rules', rules]);
    expect(check.output).toMatch(/SUCCESS: 5 rules found/);
    expect(check.status).toBe(0);
  });

  it('fire when they should and stay quiet otherwise (promtool test rules)', () => {
    const test = runPromtool(['test', 'rules', path.join(RULES_DIR, 'portal-alerts.test.yaml')]);
    expect(test.output).toMatch(/SUCCESS/);
    expect(test.status).toBe(0);
  });
});

describe('the metrics the alert rules read', () => {
  it('all exist, under the names the rules use', async () => {
    const text = await readFile(rules, 'utf8');
    const used = new Set(
      [...text.matchAll(/\bportal_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count)$/, '')),
    );
    const metrics = createMetrics();
    observeOutbox(metrics, async () => ({ depth: 0, oldestAgeSeconds: 0 }));
    const names = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    expect(used.size).toBeGreaterThanOrEqual(5);
    for (const name of used) expect(names, name).toContain(name);
  });
});
