import fc from 'fast-check';

/** A string with one lone UTF-16 surrogate somewhere in it. */
export const loneSurrogate: fc.Arbitrary<string> = fc
  .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 8 }))
  .map(([before, unit, after]) => `${before}${String.fromCharCode(unit)}${after}`);

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '🔑',
  'e\u0301',
  '\u202eevil',
  '\ufeffbom',
  '\r\nX-Injected: 1',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '2026-02-30T00:00:00Z',
  '99999-01-01T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '../../../etc/passwd',
  '%00',
  '%zz',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  'admin',
];

/** Strings no route should be able to break on: unicode of every kind, NULs, lone surrogates, huge ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: loneSurrogate },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 5000 }).map((n) => '🔑'.repeat(n)) },
);

/** `levels` arrays nested around a value: JSON that recursive code cannot walk. */
export function nestedArrays(levels: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let level = 0; level < levels; level += 1) value = [value];
  return value;
}

/** Any value of the wrong kind for a field: other types, hostile strings, deep nesting, extremes. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, -1e-308, Number.MAX_SAFE_INTEGER + 2),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 33, max: 1000 }).map((levels) => nestedArrays(levels)) },
);

/** Request bodies that are not the JSON the route expects at all, as raw bytes. */
export const brokenJsonText: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .constantFrom(
      '',
      '{',
      '{"a":',
      'null',
      '[]',
      '"text"',
      '42',
      '{"a":1,}',
      '\ufeff{}',
      '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
      'NaN',
      '{"a":1e999}',
      '{"email":"a@example.com","email":{"$gt":""}}',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
      '{"a":"\\x41"}',
      `{"a":${'['.repeat(100000)}`,
    )
    .map((text) => Buffer.from(text)),
  fc.string({ maxLength: 100 }).map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);

/** Values for header fields (Node refuses to send control characters, so these are printable ASCII). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,80}$/),
  fc.constantFrom('', 'a'.repeat(4000), 'Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer a.b.c'),
);

/**
 * Percent-encodes every UTF-16 code unit: a lone surrogate becomes the bytes UTF-8 would give it, which no
 * decoder accepts, the way a hostile client would send it.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    const char = text[index];
    if (/[A-Za-z0-9\-._~]/.test(char)) out += char;
    else if (unit >= 0xd800 && unit <= 0xdfff) {
      const pair = text.codePointAt(index) ?? unit;
      if (pair > 0xffff) {
        out += encodeURIComponent(String.fromCodePoint(pair));
        index += 1;
      } else {
        out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      }
    } else out += encodeURIComponent(char);
  }
  return out;
}
