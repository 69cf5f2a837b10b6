import fc from 'fast-check';
import { PASSWORD, Pools } from './fuzz-world';
import { OpenApiDocument, resolve, Schema } from './openapi-model';

export const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

/** Everything the generators need to know besides the operation. */
export interface CaseContext {
  pools: Pools;
  /** For the `$ref`s inside schemas. */
  document: OpenApiDocument;
}

function subset(values: string[]): fc.Arbitrary<string[]> {
  return values.length ? fc.subarray(values, { maxLength: Math.min(4, values.length) }) : fc.constant([]);
}

function pick(values: string[], fallback: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return values.length ? fc.oneof(weighted(4, fc.constantFrom(...values)), weighted(1, fallback)) : fallback;
}

const futureDate = fc
  .integer({ min: 60, max: 365 * 86400 })
  .map((seconds) => new Date(Date.now() + seconds * 1000).toISOString());

/** Realistic values for fields whose meaning the name gives away, so valid requests get past lookups. */
function byFieldName(name: string, { pools }: CaseContext): fc.Arbitrary<unknown> | null {
  const freshEmail = fc.uuid().map((id) => `fuzz-${id}@example.com`);
  switch (name) {
    case 'email':
      return pick(pools.emails, freshEmail);
    case 'password':
    case 'newPassword':
      return fc.oneof(fc.constant(PASSWORD), fc.string({ minLength: 12, maxLength: 60, unit: 'grapheme' }));
    case 'currentPassword':
      return fc.constant(PASSWORD);
    case 'roles':
      return subset(pools.roleNames);
    case 'permissions':
      return subset(pools.permissions);
    case 'permission':
      return pick(pools.permissions, fc.string({ maxLength: 20 }));
    case 'refreshToken':
      return pick(pools.refreshTokens, fc.string({ maxLength: 80 }));
    case 'passphrase':
      return pick(pools.passphrases, fc.string({ minLength: 1, maxLength: 40 }));
    case 'userId':
      return pick(pools.ids.users ?? [], fc.uuid());
    case 'teamId':
    case 'ownerTeamId':
      return pick(pools.ids.teams ?? [], fc.uuid());
    case 'resourceId':
      return pick(pools.ids.resources ?? [], fc.uuid());
    case 'visibilityGroupIds':
      return subset(pools.ids['visibility-groups'] ?? []);
    case 'expiresAt':
      return futureDate;
    case 'keyid':
      return pick(pools.keyids, fc.stringMatching(/^[0-9A-F]{16}$/));
    default:
      return null;
  }
}

/** A value the schema accepts (as far as the schema says: the route may still refuse it, e.g. a taken email). */
export function validValue(reference: Schema, context: CaseContext, name = ''): fc.Arbitrary<unknown> {
  const schema = resolve(context.document, reference);
  const hinted = name ? byFieldName(name, context) : null;
  if (hinted) return hinted;
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((s: Schema) => validValue(s, context)));
  const nullable = schema.nullable ? fc.constant(null) : null;
  const value = valueOfType(schema, context);
  return nullable ? fc.oneof(weighted(5, value), weighted(1, nullable)) : value;
}

function valueOfType(schema: Schema, context: CaseContext): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') return futureDate;
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({
        minLength: Math.min(schema.minLength ?? 1, 20),
        maxLength: Math.min(schema.maxLength ?? 40, 40),
      });
    case 'integer':
    case 'number':
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 100000, 2 ** 31) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items ?? {}, context), { maxLength: 3 });
    case 'object':
      return objectOf(schema, context);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

export function objectOf(schema: Schema, context: CaseContext): fc.Arbitrary<Record<string, unknown>> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  if (Object.keys(properties).length === 0) {
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
  }
  const fields = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, validValue(property, context, name)]),
  );
  return fc.record(fields, { requiredKeys: schema.required ?? [] });
}
