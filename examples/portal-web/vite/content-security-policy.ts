import type { Plugin } from 'vite';

/**
 * The Content-Security-Policy of the built app, as a `<meta http-equiv>` in index.html so that it travels
 * with the files however they are served. The app keeps a refresh token in localStorage, where any script on
 * the page could read it: only the app's own scripts may run (no inline script, no eval), and the page may
 * talk to its own origin and the API only, and show pictures from them. `frame-ancestors` cannot be set by a meta tag: serve the app with
 * `Content-Security-Policy: frame-ancestors 'none'` (README, "Deploying").
 *
 * Development (`vite`) injects inline scripts of its own and gets no policy; `vite build` and the browser
 * tests, which run on the builds, do.
 */
export function contentSecurityPolicy(options: { apiOrigin?: string | undefined; mock: boolean }): Plugin {
  const connect = ["'self'", ...(options.apiOrigin ? [options.apiOrigin] : [])];
  const directives = [
    "default-src 'none'",
    // The mock build validates requests in the browser with Ajv, which compiles schemas with `new Function`.
    // It is a QA tool that holds no real session; the production build allows no eval.
    options.mock ? "script-src 'self' 'unsafe-eval'" : "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${options.apiOrigin ? ` ${options.apiOrigin}` : ''}`,
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    // The mock build answers the API from MSW's service worker, served by the app itself.
    ...(options.mock ? ["worker-src 'self'"] : []),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ];
  return {
    name: 'portal-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: directives.join('; ') },
        injectTo: 'head-prepend',
      },
    ],
  };
}
