import { createRequire } from 'node:module';
import { portalDocument } from '@portal/contract';
import { Router } from 'express';
import { stringify } from 'yaml';

const require = createRequire(import.meta.url);

/**
 * Serves the contract as `/openapi.yaml` and `/openapi.json`, and an interactive reference (Scalar) at
 * `/docs`. Both documents are built once, at start, from the contract package's copy of the YAML. Their
 * `servers` is the relative URL `/`, "relative to the location where the document is being served"
 * (OpenAPI 3.1, 4.8.5): the instance that answers, without trusting the request's `Host` header. Scalar's
 * script is served from our own origin: the page works offline and under a strict CSP.
 */
export function apiReferenceRoutes(): Router {
  const served = { ...portalDocument, servers: [{ url: '/', description: 'This server' }] };
  const jsonText = JSON.stringify(served, null, 2);
  const yamlText = stringify(served);
  const scalarScript = require.resolve('@scalar/api-reference/browser/standalone.js');
  const router = Router();

  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(yamlText);
  });
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(jsonText);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').send(INIT_SCRIPT);
  });
  router.get('/docs/scalar.js', (_req, res) => {
    // pnpm keeps packages under node_modules/.pnpm: a dot-folder, which send refuses by default.
    res.sendFile(scalarScript, { maxAge: '1d', dotfiles: 'allow' });
  });
  return router;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Portal API reference</title>
    <!-- No icon: without this line the browser asks for /favicon.ico and logs the 404. -->
    <link rel="icon" href="data:," />
  </head>
  <body>
    <div id="app"></div>
    <script src="/docs/scalar.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

// An external script rather than an inline one, so the page runs under helmet's default CSP. Scalar's
// "Ask AI" agent and its developer toolbar call scalar.com, which that CSP blocks (connect-src 'self'):
// both are switched off rather than left as buttons that fail.
const INIT_SCRIPT = `Scalar.createApiReference('#app', {
  url: '/openapi.json',
  withDefaultFonts: false,
  hideClientButton: false,
  agent: { disabled: true },
  showDeveloperTools: 'never',
});
`;
