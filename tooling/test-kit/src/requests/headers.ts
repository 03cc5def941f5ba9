import type { OperationFacts } from '@portal/contract';
import fc from 'fast-check';
import { latin1Text } from './odd-text.js';

/** A variant's name and the headers it sends on top of (or instead of) the well-formed ones. */
export type BrokenHeaders = [variant: string, headers: Record<string, string>];

/** Headers made wrong in one way: the media type, the encoding, the credentials, or odd extra headers. */
export function brokenHeaders(op: OperationFacts): fc.Arbitrary<BrokenHeaders> {
  const options: fc.Arbitrary<BrokenHeaders>[] = [
    fc
      .oneof(
        fc.constant(''),
        fc.constant('Bearer'),
        latin1Text({ maxLength: 200 }),
        fc.base64String({ maxLength: 8000 }).map((t) => `Bearer ${t}`),
        fc.constant(`Basic ${btoa('ada:secret')}`),
      )
      .map(
        (authorization): BrokenHeaders => [`authorization ${authorization.slice(0, 20)}`, { authorization }],
      ),
    fc
      .record({
        accept: latin1Text({ maxLength: 50 }),
        'x-request-id': latin1Text({ maxLength: 100 }),
        'x-http-method-override': fc.constantFrom('DELETE', 'PUT'),
      })
      .map((h): BrokenHeaders => ['odd extra headers', h]),
  ];
  if (op.jsonBody) {
    options.push(
      fc
        .constantFrom(
          '',
          'text/plain',
          'application/json; charset=latin1',
          'application/json; charset=utf-16le',
          'application/jsonx',
          '*/*',
          'a/b/c',
          'application/json, text/plain',
        )
        .map((type): BrokenHeaders => [`content-type "${type}"`, { 'content-type': type }]),
      fc
        .constantFrom('gzip', 'deflate', 'br', 'compress', 'identity, gzip', 'xyz')
        .map((encoding): BrokenHeaders => [`content-encoding ${encoding}`, { 'content-encoding': encoding }]),
    );
  }
  return fc.oneof(...options);
}
