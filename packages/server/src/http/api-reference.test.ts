import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { specPath } from '@portal/contract/spec-path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestApp, type TestApp } from '../tests/support/test-app.js';
import { apiReferenceRoutes } from './api-reference.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('the API reference', () => {
  it('serves the contract as YAML and JSON, with servers pointing at this instance whatever its Host', async () => {
    const yaml = await fetch(`${app.url}/openapi.yaml`);
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    const fromYaml = parse(await yaml.text());
    const fromJson = (await (
      await fetch(`${app.url}/openapi.json`, { headers: { host: 'attacker.example' } })
    ).json()) as Record<string, unknown>;
    expect(fromJson).toEqual(fromYaml);
    expect(fromJson.servers).toEqual([{ url: '/', description: 'This server' }]);
    const { servers: _ignored, ...contract } = parse(readFileSync(specPath, 'utf8'));
    expect({ ...fromJson, servers: undefined }).toEqual({ ...contract, servers: undefined });
  });

  it('serves the interactive reference page and its scripts from its own origin', async () => {
    const page = await fetch(`${app.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/docs/scalar.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${app.url}/docs/scalar.js`);
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
    expect(await (await fetch(`${app.url}/docs/init.js`)).text()).toContain("url: '/openapi.json'");
  });

  it('leaves /docs and its scripts out when switched off (API_DOCS=false), and still serves the contract', async () => {
    const bare = express().use(apiReferenceRoutes({ docs: false }));
    const server = bare.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const p of ['/docs', '/docs/scalar.js', '/docs/init.js']) {
        expect((await fetch(`${url}${p}`)).status, p).toBe(404);
      }
      expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    } finally {
      server.close();
    }
  });
});
