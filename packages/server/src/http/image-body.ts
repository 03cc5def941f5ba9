import express, { type RequestHandler } from 'express';
import { problems } from '../errors/problem-error.js';

/**
 * The raw body reader of an operation whose contract takes bytes (an image upload), run after the bearer
 * check so that a stranger never makes the server read megabytes. A Content-Type the operation does not
 * list gets 415 saying what is accepted, before any byte is read; the bytes themselves are judged by their
 * content later (blobs/image-pipeline.ts). Compressed bodies are refused, as for JSON.
 */
export function imageBodyReader(mediaTypes: readonly string[], limitBytes: number): RequestHandler[] {
  const accepted = [...mediaTypes];
  const acceptOnly: RequestHandler = (req, _res, next) => {
    if (!req.is(accepted)) throw problems.imageNotAccepted();
    next();
  };
  return [acceptOnly, express.raw({ type: () => true, limit: limitBytes, inflate: false })];
}
