// The facts of each operation of an OpenAPI document, as the server, the SDK and the mocks use them at run
// time. Pure: scripts/generate-facts.mjs writes them to src/generated/operations.gen.ts; tests call it directly.
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
// The one security scheme the server and the mocks implement.
const BEARER_SCHEME = 'bearerAuth';

/**
 * Reads the operation facts of `spec` (a parsed OpenAPI 3.1 document), keyed by operationId in document order.
 * Throws on what the code that uses them does not implement: another security scheme, a body that is neither
 * JSON nor raw bytes (`format: binary`, an image upload).
 *
 * @param {any} spec
 * @returns {Record<string, import('../src/operation-facts.js').OperationFacts>}
 */
export function readOperationFacts(spec) {
  const resolve = (node) => {
    if (!node?.$ref) return node;
    let at = spec;
    for (const part of node.$ref.slice(2).split('/')) at = at[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    return resolve(at);
  };

  // OpenAPI 3.1, 4.8.30: an operation is open to anyone when one of its requirements is `{}`.
  function needsBearer(requirements, where) {
    if (requirements.length === 0 || requirements.some((r) => Object.keys(r).length === 0)) return false;
    for (const r of requirements) {
      for (const scheme of Object.keys(r)) {
        if (scheme !== BEARER_SCHEME)
          throw new Error(`${where}: only the ${BEARER_SCHEME} scheme is implemented`);
      }
    }
    return true;
  }

  // The `Cache-Control` its success answers declare as a constant, or null.
  function cacheControlOf(op) {
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      if (!status.startsWith('2')) continue;
      const value = resolve(resolve(response)?.headers?.['Cache-Control'])?.schema?.const;
      if (typeof value === 'string') return value;
    }
    return null;
  }

  /** @type {Record<string, import('../src/operation-facts.js').OperationFacts>} */
  const facts = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId) throw new Error(`${where} has no operationId`);
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
      const body = resolve(op.requestBody);
      const json = body?.content?.['application/json'];
      // A raw body: every media type's schema is bytes (`format: binary`), read as they come.
      const binary = Object.entries(body?.content ?? {})
        .filter(([, media]) => resolve(media.schema)?.format === 'binary')
        .map(([type]) => type);
      if (body && !json && binary.length !== Object.keys(body.content ?? {}).length)
        throw new Error(`${where}: only application/json or binary request bodies are implemented`);
      facts[op.operationId] = {
        id: op.operationId,
        method,
        path,
        routePath: path.replace(/\{([^}]+)\}/g, ':$1'),
        bearer: needsBearer(op.security ?? spec.security ?? [], where),
        jsonBody: json !== undefined,
        binaryBody: json === undefined ? binary : [],
        bodyRequired: body?.required === true,
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true })),
        cacheControl: cacheControlOf(op),
        statuses: Object.keys(op.responses ?? {})
          .map(Number)
          .sort((a, b) => a - b),
      };
    }
  }

  return facts;
}

/**
 * The longest path prefix (whole segments) that every operation's path starts with, well-known URIs apart:
 * they sit at the root of the host by definition (RFC 8615), not under the API.
 *
 * @param {string[]} allPaths
 */
export function commonBasePath(allPaths) {
  const paths = allPaths.filter((p) => !p.startsWith('/.well-known/'));
  let base = paths[0] ?? '';
  for (const p of paths) while (!`${p}/`.startsWith(`${base}/`)) base = base.replace(/\/[^/]*$/, '');
  return base;
}
