import { type OperationId, operationList, requestNormalizers } from '@portal/contract';
import express, { type RequestHandler, Router } from 'express';

/**
 * The JSON body parser, mounted on the routes of the operations whose contract takes a JSON body only; any
 * other request's body is left unread. A GET's content has no defined meaning (RFC 9110, section 9.3.1), so
 * a body sent there gets no 400, 413 or 415 that the operation does not declare. Compressed bodies are
 * refused with 415 rather than inflated: no client of ours compresses, and a request should not make the
 * server inflate anything. Other media types reach the validator unparsed and get its 415. The contract
 * package's normalizers (trimmed emails...) run on the parsed body, before the validator sees it.
 */
export function jsonBodyParser(limitBytes: number): Router {
  const parse = express.json({ limit: limitBytes, strict: true, inflate: false });
  const router = Router();
  for (const op of operationList) {
    if (!op.jsonBody) continue;
    const normalize = requestNormalizers[op.id as OperationId];
    router[op.method](op.routePath, normalize ? [parse, normalizeBody(normalize)] : parse);
  }
  return router;
}

function normalizeBody(normalize: (body: unknown) => unknown): RequestHandler {
  return (req, _res, next) => {
    if (req.body !== undefined) req.body = normalize(req.body);
    next();
  };
}
