import express, { type RequestHandler } from 'express';

/**
 * The JSON body parser of the operations whose contract takes a JSON body; any other request's body is
 * left unread (a GET's content has no defined meaning, RFC 9110, 9.3.1). Compressed bodies are refused with
 * 415 rather than inflated: no client of ours compresses, and a request should not make the server inflate
 * anything. Other media types reach the validator unparsed and get its 415.
 */
export function jsonBodyParser(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, strict: true, inflate: false });
}

/** Runs the contract package's normalizer (trimmed emails...) on a parsed body, before the validator. */
export function normalizeBody(normalize: (body: unknown) => unknown): RequestHandler {
  return (req, _res, next) => {
    if (req.body !== undefined) req.body = normalize(req.body);
    next();
  };
}
