import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { portalDocument } from '@portal/contract';
import { Router } from 'express';
import { stringify } from 'yaml';

// Scalar's one static bundle, copied into dist/ by the build: the renderer's own dependency tree (Vue, an AI
// SDK, icon sets: ~176 MB) stays a development dependency. The same path from src/http and dist/http.
const SCALAR_SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../dist/static/scalar-standalone.js',
);

/**
 * Serves the contract as `/openapi.yaml` and `/openapi.json`, and, with `docs` (API_DOCS), an interactive
 * reference (Scalar) at `/docs`. Both documents are built once, at start, from the contract package's copy of the YAML. Their
 * `servers` is the relative URL `/`, "relative to the location where the document is being served"
 * (OpenAPI 3.1, 4.8.5): the instance that answers, without trusting the request's `Host` header. Scalar's
 * script is served from our own origin: the page works offline and under a strict CSP.
 */
export function apiReferenceRoutes({ docs }: { docs: boolean }): Router {
  const served = { ...portalDocument, servers: [{ url: '/', description: 'This server' }] };
  const jsonText = JSON.stringify(served, null, 2);
  const yamlText = stringify(served);
  const router = Router();

  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(yamlText);
  });
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(jsonText);
  });
  if (!docs) return router;
  router.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').send(INIT_SCRIPT);
  });
  router.get('/docs/scalar.js', (_req, res) => {
    // Our own fixed path, which may run through a dot-folder (`.artifact/`): send refuses those by default.
    res.sendFile(SCALAR_SCRIPT, { maxAge: '1d', dotfiles: 'allow' });
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
