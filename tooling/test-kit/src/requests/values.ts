import type { JsonSchema } from '@portal/contract';
import fc from 'fast-check';
import { oddText } from './odd-text.js';

/** Values the schema accepts, odd unicode included (filter them with the contract's own validator). */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.type === 'integer') {
    return fc.integer({
      min: (schema.minimum as number) ?? -(2 ** 31),
      max: (schema.maximum as number) ?? 2 ** 31 - 1,
    });
  }
  if (schema.type === 'string') {
    if (schema.format === 'email') return fc.emailAddress();
    if (schema.format === 'uuid') return fc.uuid();
    if (typeof schema.pattern === 'string') {
      const [min, max] = [(schema.minLength as number) ?? 0, (schema.maxLength as number) ?? 100];
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((text) => text.length >= min && text.length <= max);
    }
    return oddText({
      minLength: (schema.minLength as number) ?? 0,
      maxLength: (schema.maxLength as number) ?? 100,
    });
  }
  if (schema.type === 'object') {
    const properties = schema.properties as Record<string, JsonSchema>;
    const record = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, validValue(s)]));
    return fc.record(record, { requiredKeys: (schema.required as string[]) ?? [] });
  }
  // A schema kind this generator does not know yet: fail loudly rather than generate nothing for it.
  throw new Error(`no generator for schema ${JSON.stringify(schema)}`);
}

/** A value of some JSON type, for a field that wants another. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
