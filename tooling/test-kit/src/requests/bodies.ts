import type { JsonSchema } from '@portal/contract';
import fc from 'fast-check';
import { oddText } from './odd-text.js';
import { wrongType } from './values.js';

/** A variant's name and the request body it sends. */
export type BrokenBody = [variant: string, body: string];

/** A well-formed body object made wrong in one way. */
export function brokenBody(
  schema: JsonSchema,
  valid: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<BrokenBody> {
  const properties = schema.properties as Record<string, JsonSchema>;
  const names = Object.keys(properties);
  const required = (schema.required as string[]) ?? [];
  const json =
    (variant: string) =>
    (body: unknown): BrokenBody => [variant, JSON.stringify(body)];
  // A schema whose fields are all optional has none to leave out.
  const missing = required.length
    ? [
        fc
          .tuple(valid, fc.constantFrom(...required))
          .map(([b, k]) => json(`missing ${k}`)({ ...b, [k]: undefined })),
      ]
    : [];
  return fc.oneof(
    ...missing,
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
    fc.tuple(valid, fc.nat()).map(([b, cut]): BrokenBody => {
      const text = JSON.stringify(b);
      return ['malformed JSON', text.slice(0, cut % text.length)];
    }),
    fc
      .integer({ min: 100, max: 8000 })
      .map((n): BrokenBody => ['deeply nested', `${'['.repeat(n)}${']'.repeat(n)}`]),
  );
}
