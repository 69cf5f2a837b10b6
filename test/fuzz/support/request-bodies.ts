import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { brokenJsonText, headerValue, hostileString, wrongValue } from './hostile-values';
import { Operation, Schema } from './openapi-model';
import { CaseContext, objectOf, weighted } from './valid-values';

export interface Body {
  kind: string;
  contentType?: string;
  bytes?: Buffer;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null');

/** The documented body, then every way of getting it wrong. */
function jsonBody(schema: Schema, context: CaseContext): fc.Arbitrary<Body> {
  const valid = objectOf(schema, context);
  const names = Object.keys(schema.properties ?? {});
  const field = names.length ? fc.constantFrom(...names) : fc.string({ maxLength: 8 });
  return fc.oneof(
    weighted(
      5,
      valid.map((value) => ({ kind: 'valid', bytes: json(value) })),
    ),
    weighted(
      5,
      fc.tuple(valid, field, wrongValue).map(([value, name, wrong]) => ({
        kind: `wrong ${name}`,
        bytes: json({ ...value, [name]: wrong }),
      })),
    ),
    weighted(
      1,
      fc.tuple(valid, hostileString, fc.jsonValue({ maxDepth: 2 })).map(([value, name, extra]) => ({
        kind: 'extra field',
        bytes: json({ ...value, [name]: extra }),
      })),
    ),
    weighted(
      1,
      fc.tuple(valid, field).map(([value, name]) => {
        const rest = { ...value };
        delete rest[name];
        return { kind: `missing ${name}`, bytes: json(rest) };
      }),
    ),
    weighted(
      1,
      fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'any JSON', bytes: json(value) })),
    ),
    weighted(
      1,
      // As text: JSON.stringify itself recurses, and would overflow here first.
      fc
        .tuple(field, fc.oneof(fc.constantFrom(33, 5000, 100000), fc.integer({ min: 33, max: 200000 })))
        .map(([name, levels]) => ({
          kind: 'deep nesting',
          bytes: Buffer.from(`{${JSON.stringify(name)}:${'['.repeat(levels)}1${']'.repeat(levels)}}`),
        })),
    ),
    weighted(
      2,
      brokenJsonText.map((bytes) => ({ kind: 'broken JSON', bytes })),
    ),
  );
}

/** A multipart/form-data body for the signing routes: the documented file fields, and broken variants. */
function multipartBody(schema: Schema, context: CaseContext): fc.Arbitrary<Body> {
  const fields = Object.keys(schema.properties ?? {});
  const content = fc.oneof(
    weighted(
      4,
      fc.string({ maxLength: 200 }).map((text) => Buffer.from(text)),
    ),
    weighted(
      1,
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    ),
    weighted(
      1,
      fc.integer({ min: 60_000, max: 70_000 }).map((size) => Buffer.alloc(size, 0x61)),
    ),
  );
  const filename = fc.oneof(
    weighted(4, fc.stringMatching(/^[a-z]{1,8}\.(txt|rpm|xml)$/)),
    weighted(1, fc.constantFrom('', '../../etc/passwd', 'ünï©ødé.txt', 'a"b.txt', 'x'.repeat(300))),
  );
  const part = fc.record({
    name: fc.oneof(weighted(6, fc.constantFrom(...fields)), weighted(1, fc.constantFrom('other', 'file ', ''))),
    filename: fc.option(filename, { freq: 8 }),
    content,
  });
  const boundary = `fuzz${randomUUID().replace(/-/g, '')}`;
  const wellFormed = wellFormedUpload(schema, boundary, filename, content);
  const signed = context.pools.signed;
  const realPair: fc.Arbitrary<Body> = signed
    ? fc.constant({
        kind: 'valid signature',
        contentType: `multipart/form-data; boundary=${boundary}`,
        bytes: multipart(boundary, [
          { name: 'file', filename: 'f.txt', content: Buffer.from(signed.file) },
          { name: 'signature', filename: 'f.txt.asc', content: Buffer.from(signed.signature) },
        ]),
      })
    : fc.constant({ kind: 'no body' });
  return fc.oneof(
    weighted(4, wellFormed),
    weighted(
      4,
      fc.array(part, { minLength: 1, maxLength: 4 }).map((parts) => ({
        kind: 'multipart',
        contentType: `multipart/form-data; boundary=${boundary}`,
        bytes: multipart(boundary, parts),
      })),
    ),
    weighted(2, realPair),
    weighted(
      1,
      fc.array(part, { minLength: 1, maxLength: 2 }).chain((parts) =>
        fc.nat(400).map((cut) => ({
          kind: 'truncated multipart',
          contentType: `multipart/form-data; boundary=${boundary}`,
          bytes: multipart(boundary, parts).subarray(0, cut),
        })),
      ),
    ),
    weighted(
      1,
      fc
        .constantFrom('multipart/form-data', 'multipart/form-data; boundary=', 'multipart/mixed; boundary=x')
        .map((contentType) => ({ kind: 'bad boundary', contentType, bytes: multipart(boundary, []) })),
    ),
    weighted(1, jsonBody({ properties: {} }, context)),
  );
}

interface Part {
  name: string;
  filename: string | null;
  content: Buffer;
}

function multipart(boundary: string, parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const { name, filename, content } of parts) {
    const file = filename === null ? '' : `; filename="${filename}"`;
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"${file}\r\n\r\n`));
    chunks.push(content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** What a client that follows the document sends: each required field once (`files`: one to three times). */
function wellFormedUpload(
  schema: Schema,
  boundary: string,
  filename: fc.Arbitrary<string>,
  content: fc.Arbitrary<Buffer>,
): fc.Arbitrary<Body> {
  const groups = (schema.required ?? []).map((name: string) =>
    fc.array(fc.record({ name: fc.constant(name), filename, content }), {
      minLength: 1,
      maxLength: schema.properties?.[name]?.type === 'array' ? 3 : 1,
    }),
  );
  return fc.tuple(...groups).map((parts) => ({
    kind: 'valid',
    contentType: `multipart/form-data; boundary=${boundary}`,
    bytes: multipart(boundary, (parts as Part[][]).flat()),
  }));
}

const CONTENT_TYPES = fc.oneof(
  weighted(12, fc.constant('application/json')),
  weighted(
    1,
    fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=latin1'),
  ),
  weighted(
    1,
    fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/problem+json',
      'application/json-patch+json',
    ),
  ),
  weighted(1, fc.constant(undefined)),
  weighted(1, headerValue),
);

export function bodyFor(operation: Operation, context: CaseContext): fc.Arbitrary<Body> {
  if (operation.body?.mediaType === 'multipart/form-data') return multipartBody(operation.body.schema, context);
  if (operation.body) {
    return fc
      .tuple(jsonBody(operation.body.schema, context), CONTENT_TYPES)
      .map(([body, contentType]) => ({ ...body, contentType }));
  }
  // Routes without a body still get one now and then: the parser runs before the route knows it wants none.
  return fc.oneof(
    weighted(8, fc.constant<Body>({ kind: 'no body' })),
    weighted(
      1,
      jsonBody({ properties: {} }, context).map((body) => ({ ...body, contentType: 'application/json' })),
    ),
    weighted(
      1,
      brokenJsonText.map((bytes) => ({ kind: 'broken JSON', contentType: 'application/json', bytes })),
    ),
  );
}

/** Only what the document describes: the valid JSON body, a well-formed upload, or none. */
export function validBodyFor(operation: Operation, context: CaseContext): fc.Arbitrary<Body> {
  if (operation.body?.mediaType === 'multipart/form-data') {
    const boundary = `fuzz${randomUUID().replace(/-/g, '')}`;
    const content = fc.string({ maxLength: 200 }).map((text) => Buffer.from(text));
    const filename = fc.stringMatching(/^[a-z]{1,8}\.(txt|rpm|xml)$/);
    return wellFormedUpload(operation.body.schema, boundary, filename, content);
  }
  if (operation.body) {
    return objectOf(operation.body.schema, context).map((value) => ({
      kind: 'valid',
      contentType: 'application/json',
      bytes: json(value),
    }));
  }
  return fc.constant({ kind: 'no body' });
}
