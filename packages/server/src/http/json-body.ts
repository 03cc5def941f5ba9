import express, { type Request, type RequestHandler } from 'express';
import { type ApiDocument, OPERATION_METHODS } from './spec.js';

/**
 * The JSON body parser, for the operations whose contract takes a JSON body; any other request's body is
 * left unread. A GET's content has no defined meaning (RFC 9110, section 9.3.1), so a body sent there gets
 * no 400, 413 or 415 that the operation does not declare. Compressed bodies are refused with 415 rather
 * than inflated: no client of ours compresses, and a request should not make the server inflate anything.
 */
export function jsonBodyParser(spec: ApiDocument, limitBytes: number): RequestHandler {
  const takesJson = operationsTakingJson(spec);
  return express.json({
    limit: limitBytes,
    strict: true,
    inflate: false,
    type: (incoming) => {
      const req = incoming as Request;
      return (
        takesJson.some((op) => op.method === req.method && op.path.test(req.path)) &&
        !!req.is('application/json')
      );
    },
  });
}

function operationsTakingJson(spec: ApiDocument): { method: string; path: RegExp }[] {
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    OPERATION_METHODS.filter((method) => item?.[method]?.requestBody?.content?.['application/json']).map(
      (method) => ({
        method: method.toUpperCase(),
        path: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      }),
    ),
  );
}
