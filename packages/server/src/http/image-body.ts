import { operationList } from '@portal/contract';
import express, { type RequestHandler, Router } from 'express';
import { problems } from '../errors/problem-error.js';

/**
 * The raw body parser of the operations whose contract takes bytes (an image upload), mounted after the
 * bearer check so that a stranger never makes the server read megabytes. A body whose Content-Type the
 * operation does not list gets 415 saying what is accepted, before any byte is read; the bytes themselves
 * are judged by their content later (blobs/image-pipeline.ts). Compressed bodies are refused, as for JSON.
 */
export function imageBodyParser(limitBytes: number): Router {
  const read = express.raw({ type: () => true, limit: limitBytes, inflate: false });
  const router = Router();
  for (const op of operationList) {
    if (op.binaryBody.length === 0) continue;
    router[op.method](op.routePath, acceptOnly(op.binaryBody), read);
  }
  return router;
}

function acceptOnly(mediaTypes: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.is([...mediaTypes])) throw problems.imageNotAccepted();
    next();
  };
}
