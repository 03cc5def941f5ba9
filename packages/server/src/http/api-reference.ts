import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { specPath } from '@portal/contract';
import { type Request, Router } from 'express';
import { parseDocument } from 'yaml';

const require = createRequire(import.meta.url);

/**
 * Serves the contract as `/openapi.yaml` and `/openapi.json`, with `servers` pointing at the instance that
 * answers, and an interactive reference (Scalar) at `/docs`. Everything comes from the same YAML, and
 * Scalar's script is served from our own origin: the page works offline and under a strict CSP.
 */
export function apiReferenceRoutes(): Router {
  const yamlText = readFileSync(specPath, 'utf8');
  const scalarScript = require.resolve('@scalar/api-reference/browser/standalone.js');
  const router = Router();

  router.get('/openapi.yaml', (req, res) => {
    res.type('application/yaml').send(withServer(yamlText, req).toString());
  });
  router.get('/openapi.json', (req, res) => {
    res.type('application/json').send(JSON.stringify(withServer(yamlText, req).toJSON(), null, 2));
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

function withServer(yamlText: string, req: Request) {
  const doc = parseDocument(yamlText);
  doc.set('servers', [{ url: `${req.protocol}://${req.get('host')}`, description: 'This server' }]);
  return doc;
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
