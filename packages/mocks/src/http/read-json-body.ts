import { MockProblem } from './problem.js';

/** The result of reading a body: `undefined` when the request has no JSON body to parse. */
export type ParsedBody = { json: unknown } | undefined;

/**
 * Reads a JSON body as the server's `express.json({ strict: true, inflate: false })` does for an operation
 * that takes one, with the same refusals: 415 for a charset other than UTF or any content encoding, 413 over
 * the limit, 400 for anything but a JSON object or array. Other media types are left unread; the contract
 * check answers them with 415.
 */
export async function readJsonBody(request: Request, limitBytes: number): Promise<ParsedBody> {
  const contentType = request.headers.get('content-type');
  if (!contentType || mediaType(contentType) !== 'application/json') return undefined;
  // The server inflates nothing: a compressed body is refused.
  const encoding = request.headers.get('content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw new MockProblem(415, { detail: 'The request body must be UTF-8 encoded JSON.' });
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset && !charset.startsWith('utf-')) {
    throw new MockProblem(415, { detail: 'The request body must be UTF-8 encoded JSON.' });
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limitBytes) {
    throw new MockProblem(413, { detail: `The request body is larger than ${limitBytes} bytes.` });
  }
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') return { json: {} };
  // strict: only an object or an array is accepted at the top level (body-parser's first-character check).
  if (!/^[\s]*[{[]/.test(text)) throw notJson();
  try {
    return { json: JSON.parse(text) };
  } catch {
    throw notJson();
  }
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

const notJson = () => new MockProblem(400, { detail: 'The request body is not valid JSON.' });
