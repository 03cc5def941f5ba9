import fc from 'fast-check';
import type { RequestSchemas } from '../contract-checker.js';
import { oddText } from './odd-text.js';

/** A variant's name and the query string it sends (`?a=b`, or empty). */
export type BrokenQuery = [variant: string, query: string];

/**
 * `text` percent-encoded but for RFC 3986's unreserved characters, as UTF-8 (a lone surrogate becomes
 * U+FFFD, where `encodeURIComponent` would throw): for query values and path segments alike.
 */
export function encodeComponent(text: string): string {
  return [...new TextEncoder().encode(text)]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/**
 * A query string as OpenAPI serialises one (form style, `allowReserved: false`): every byte of the UTF-8
 * but the unreserved characters of RFC 3986 percent-encoded, a space as %20 (not `+`).
 */
export function queryString(pairs: [string, string][]): string {
  return pairs.length
    ? `?${pairs.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&')}`
    : '';
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
export function brokenQuery(
  params: RequestSchemas['query'],
  valid: fc.Arbitrary<string>,
): fc.Arbitrary<BrokenQuery> {
  const names = params.map((p) => p.name);
  const options: fc.Arbitrary<BrokenQuery>[] = [
    fc.constantFrom(...BAD_QUERIES).map((q): BrokenQuery => [`query ${q}`, q]),
    fc
      .tuple(valid, fc.stringMatching(/^[a-z]{1,12}$/))
      .filter(([, n]) => !names.includes(n))
      .map(([q, n]) => [`unknown parameter ${n}`, `${q}${q ? '&' : '?'}${n}=1`]),
  ];
  for (const p of params) {
    const max = (p.schema.maxLength as number) ?? 1000;
    const withValue = (v: string) => queryString([[p.name, v]]);
    options.push(
      fc.constant<BrokenQuery>([`${p.name} missing`, '']),
      fc.constant<BrokenQuery>([`${p.name} empty`, `?${p.name}=`]),
      valid.map((q): BrokenQuery => [`${p.name} repeated`, `${q}&${q.slice(1)}`]),
      fc
        .integer({ min: 1, max: 6000 })
        .map((n): BrokenQuery => [`${p.name} too long`, withValue('x'.repeat(max + n))]),
      oddText({ minLength: 1, maxLength: 100 }).map(
        (v): BrokenQuery => [`${p.name} of odd text`, withValue(v)],
      ),
    );
  }
  return fc.oneof(...options);
}
