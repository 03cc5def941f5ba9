import { problems } from '@portal/contract';

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
    throw problems.bodyNotUtf8();
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
  if (!charset.startsWith('utf-')) {
    throw problems.bodyNotUtf8();
  }
  // Decoded in the charset the request names, as body-parser does (a UTF-16 body of UTF-8 bytes is no JSON);
  // one it cannot decode is refused before the body is read. body-parser (iconv-lite) knows UTF-7 and UTF-32
  // too, which browsers' TextDecoder does not: the mocks refuse those with 415.
  const decoder = decoderFor(charset);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limitBytes) {
    throw problems.bodyTooLarge(limitBytes);
  }
  const text = decoder.decode(bytes);
  if (text.trim() === '') return { json: {} };
  // strict: only an object or an array is accepted at the top level (body-parser's first-character check).
  if (!/^[\s]*[{[]/.test(text)) throw notJson();
  try {
    return { json: JSON.parse(text) };
  } catch {
    throw notJson();
  }
}

function decoderFor(charset: string): TextDecoder {
  try {
    return new TextDecoder(charset);
  } catch {
    throw problems.bodyNotUtf8();
  }
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

const notJson = problems.bodyNotJson;
