import fc from 'fast-check';
import type { ContractOperation, Schema } from './contract.js';

/** A request as sent over the wire: fetch refuses nothing here (header values are Latin-1 only). */
export interface FuzzRequest {
  /** What was done to a well-formed request, for the failure report. */
  variant: string;
  query: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

// Characters that break naive code: NUL (PostgreSQL text refuses it), lone surrogates, direction and
// zero-width marks, a BOM, a combining accent, astral and joined emoji, quotes, escapes, line separators.
const ODD = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\u0301',
  '👩‍👩‍👧',
  '𝕏',
  '\\',
  '"',
  "'",
  '%',
  '<',
  '\n',
  '\u2028',
];
const oddUnit = fc.oneof(
  fc.constantFrom(...ODD),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);
/** Any text, odd characters included. */
export const oddText = (constraints: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: oddUnit, ...constraints });

/** Values the schema accepts, odd unicode included (filter them with the contract's own validator). */
export function validValue(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.type === 'string') {
    if (schema.format === 'email') return fc.emailAddress();
    return oddText({
      minLength: (schema.minLength as number) ?? 0,
      maxLength: (schema.maxLength as number) ?? 100,
    });
  }
  if (schema.type === 'object') {
    const properties = schema.properties as Record<string, Schema>;
    const record = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, validValue(s)]));
    return fc.record(record, { requiredKeys: (schema.required as string[]) ?? [] });
  }
  // A schema kind this fuzzer does not know yet: fail loudly rather than fuzz it with nothing.
  throw new Error(`no generator for schema ${JSON.stringify(schema)}`);
}

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);

/** A well-formed body object made wrong in one way. */
function brokenBody(
  schema: Schema,
  valid: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<[string, string]> {
  const properties = schema.properties as Record<string, Schema>;
  const names = Object.keys(properties);
  const required = (schema.required as string[]) ?? [];
  const json =
    (variant: string) =>
    (body: unknown): [string, string] => [variant, JSON.stringify(body)];
  return fc.oneof(
    fc
      .tuple(valid, fc.constantFrom(...required))
      .map(([b, k]) => json(`missing ${k}`)({ ...b, [k]: undefined })),
    fc
      .tuple(valid, fc.constantFrom(...names), wrongType)
      .map(([b, k, v]) => json(`${k} of a wrong type`)({ ...b, [k]: v })),
    fc
      .tuple(valid, oddText({ minLength: 1, maxLength: 20 }))
      .filter(([, k]) => !names.includes(k))
      .map(([b, k]) => json('an unknown field')({ ...b, [k]: 1 })),
    fc.tuple(valid, fc.constantFrom(...names), fc.integer({ min: 1, max: 20_000 })).map(([b, k, n]) => {
      const max = (properties[k]?.maxLength as number) ?? 1000;
      return json(`${k} too long`)({ ...b, [k]: 'x'.repeat(max + n) });
    }),
    fc
      .tuple(valid, fc.constantFrom(...names), oddText({ maxLength: 300 }))
      .map(([b, k, v]) => json(`${k} of odd text`)({ ...b, [k]: v })),
    fc
      .oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.string(), fc.integer(), fc.constant(null))
      .map(json('not an object')),
    fc.tuple(valid, fc.nat()).map(([b, cut]): [string, string] => {
      const text = JSON.stringify(b);
      return ['malformed JSON', text.slice(0, cut % text.length)];
    }),
    fc
      .integer({ min: 100, max: 8000 })
      .map((n): [string, string] => ['deeply nested', `${'['.repeat(n)}${']'.repeat(n)}`]),
  );
}

/**
 * A query string as OpenAPI serialises one (form style, `allowReserved: false`): every byte of the UTF-8
 * but the unreserved characters of RFC 3986 percent-encoded, a space as %20 (not `+`).
 */
export function queryString(pairs: [string, string][]): string {
  const encode = (text: string) =>
    [...Buffer.from(text, 'utf8')]
      .map((b) =>
        /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  return pairs.length ? `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : '';
}

const BAD_QUERIES = [
  '?',
  '?&&=',
  '?=x',
  '?%',
  '?%zz=1',
  '?a[b]=c',
  '?token[]=x',
  '?token[a]=b',
  '?token=%E0%A4',
  '?token=a+b',
  '?token=a/b?c#d',
];

/** A query string made wrong in one way (an unknown, missing, repeated, empty, long or odd parameter). */
function brokenQuery(op: ContractOperation, valid: fc.Arbitrary<string>): fc.Arbitrary<[string, string]> {
  const names = op.query.map((p) => p.name);
  const options: fc.Arbitrary<[string, string]>[] = [
    fc.constantFrom(...BAD_QUERIES).map((q): [string, string] => [`query ${q}`, q]),
    fc
      .tuple(valid, fc.stringMatching(/^[a-z]{1,12}$/))
      .filter(([, n]) => !names.includes(n))
      .map(([q, n]) => [`unknown parameter ${n}`, `${q}${q ? '&' : '?'}${n}=1`]),
  ];
  for (const p of op.query) {
    const max = (p.schema.maxLength as number) ?? 1000;
    const withValue = (v: string) => queryString([[p.name, v]]);
    options.push(
      fc.constant<[string, string]>([`${p.name} missing`, '']),
      fc.constant<[string, string]>([`${p.name} empty`, `?${p.name}=`]),
      valid.map((q): [string, string] => [`${p.name} repeated`, `${q}&${q.slice(1)}`]),
      fc
        .integer({ min: 1, max: 6000 })
        .map((n): [string, string] => [`${p.name} too long`, withValue('x'.repeat(max + n))]),
      oddText({ minLength: 1, maxLength: 100 }).map((v): [string, string] => [
        `${p.name} of odd text`,
        withValue(v),
      ]),
    );
  }
  return fc.oneof(...options);
}

const latin1 = (constraints: { minLength?: number; maxLength?: number }) =>
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c !== 0x7f)
      .map((c) => String.fromCharCode(c)),
    ...constraints,
  });

/** Headers made wrong in one way: the media type, the encoding, the credentials, or odd extra headers. */
function brokenHeaders(op: ContractOperation): fc.Arbitrary<[string, Record<string, string>]> {
  const options: fc.Arbitrary<[string, Record<string, string>]>[] = [
    fc
      .oneof(
        fc.constant(''),
        fc.constant('Bearer'),
        latin1({ maxLength: 200 }),
        fc.base64String({ maxLength: 8000 }).map((t) => `Bearer ${t}`),
        fc.constant(`Basic ${btoa('ada:secret')}`),
      )
      .map((authorization) => [`authorization ${authorization.slice(0, 20)}`, { authorization }]),
    fc
      .record({
        accept: latin1({ maxLength: 50 }),
        'x-request-id': latin1({ maxLength: 100 }),
        'x-http-method-override': fc.constantFrom('DELETE', 'PUT'),
      })
      .map((h) => ['odd extra headers', h]),
  ];
  if (op.body) {
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
        .map((type) => [`content-type "${type}"`, { 'content-type': type }]),
      fc
        .constantFrom('gzip', 'deflate', 'br', 'compress', 'identity, gzip', 'xyz')
        .map((encoding) => [`content-encoding ${encoding}`, { 'content-encoding': encoding }]),
    );
  }
  return fc.oneof(...options);
}

/** A well-formed request for `op` (credentials from `bearer`), and the same made wrong in one way. */
export function requestArbitraries(
  op: ContractOperation,
  bearer: () => string,
  isValidBody: (b: unknown) => boolean,
) {
  const headers = (): Record<string, string> => ({
    ...(op.protected ? { authorization: `Bearer ${bearer()}` } : {}),
    ...(op.body ? { 'content-type': 'application/json' } : {}),
  });
  const bodies = op.body
    ? (validValue(op.body).filter(isValidBody) as fc.Arbitrary<Record<string, unknown>>)
    : undefined;
  const validQuery = op.query.length
    ? fc
        .tuple(...op.query.map((p) => validValue(p.schema).map((v): [string, string] => [p.name, String(v)])))
        .map(queryString)
    : fc.constant('');
  const valid: fc.Arbitrary<FuzzRequest> = fc
    .tuple(bodies ?? fc.constant(undefined), validQuery)
    .map(([body, query]) => ({
      variant: 'well-formed',
      query,
      headers: headers(),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }));

  const broken: fc.Arbitrary<FuzzRequest>[] = [
    fc.tuple(valid, brokenQuery(op, validQuery)).map(([r, [variant, query]]) => ({ ...r, variant, query })),
    fc
      .tuple(valid, brokenHeaders(op))
      .map(([r, [variant, h]]) => ({ ...r, variant, headers: { ...r.headers, ...h } })),
  ];
  if (!op.body && op.method === 'post') {
    // A body the operation does not take: ignored, whatever its size or type.
    broken.push(
      fc.tuple(valid, fc.integer({ min: 0, max: 40_000 })).map(([r, size]) => ({
        ...r,
        variant: `a stray body of ${size} bytes`,
        headers: { ...r.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(size) }),
      })),
    );
  }
  if (op.body && bodies) {
    broken.push(
      fc.tuple(valid, brokenBody(op.body, bodies)).map(([r, [variant, body]]) => ({ ...r, variant, body })),
    );
  }
  return { valid, invalid: fc.oneof(...broken) };
}
