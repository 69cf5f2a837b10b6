import fc from 'fast-check';
import { Caller, CALLERS } from './fuzz-world';
import { headerValue, hostileString, percentEncode } from './hostile-values';
import { Operation, Parameter } from './openapi-model';
import { RawRequest } from './raw-http';
import { Body, bodyFor, validBodyFor } from './request-bodies';
import { CaseContext, validValue, weighted } from './valid-values';

/** One generated request; the caller's credentials are added when it is sent (they change during a run). */
export interface FuzzCase {
  caller: Caller;
  /** What kind of body it carries, for reports: valid, wrong <field>, broken JSON... */
  bodyKind: string;
  /** Without credentials (unless the case forges its own Authorization or X-Api-Key). */
  request: RawRequest;
}

/** Ids of existing things named by the segment before the parameter (`users` for `/users/{id}`). */
function knownIds(operation: Operation, parameter: Parameter, context: CaseContext): string[] {
  const segments = operation.path.split('/');
  const before = segments[segments.indexOf(`{${parameter.name}}`) - 1];
  return (context.pools.ids[before] ?? []).map(percentEncode);
}

function validPathValue(operation: Operation, parameter: Parameter, context: CaseContext): fc.Arbitrary<string> {
  const known = knownIds(operation, parameter, context);
  return known.length ? fc.constantFrom(...known) : fc.uuid();
}

function pathValue(operation: Operation, parameter: Parameter, context: CaseContext): fc.Arbitrary<string> {
  const known = knownIds(operation, parameter, context);
  const raw = fc
    .oneof(
      weighted(2, fc.uuid()),
      weighted(
        3,
        hostileString.filter((s) => s.length > 0 && s.length < 3000),
      ),
      weighted(1, fc.constantFrom('.', '..', 'me', '0', '-1', 'null', 'a'.repeat(101), 'A'.repeat(43))),
    )
    .map(percentEncode);
  const garbage = fc.constantFrom('%', '%zz', '%00', '%ED%A0%80', '%C0%AF', 'a%2Fb', '%2e%2e', 'x;y', '%E0%A4%A');
  return fc.oneof(
    ...(known.length ? [weighted(8, fc.constantFrom(...known))] : []),
    weighted(3, raw),
    weighted(1, garbage),
  );
}

function queryValue(parameter: Parameter, context: CaseContext): fc.Arbitrary<string> {
  const valid = validValue(parameter.schema, context, parameter.name).map((value) => String(value));
  const invalid = fc.oneof(
    hostileString.filter((s) => s.length < 5000),
    fc.constantFrom('', '1e2', '0x10', ' 5', '-0', '1.5', '99999999999999999999', 'true', '[]'),
  );
  return fc.oneof(weighted(4, valid), weighted(3, invalid)).map(percentEncode);
}

/** Documented parameters only, each valid or left out (required ones always there). */
function validQueryFor(operation: Operation, context: CaseContext): fc.Arbitrary<string> {
  const pairs = operation.queryParams.map((parameter) => {
    const pair = validValue(parameter.schema, context, parameter.name).map((value) => [
      `${parameter.name}=${percentEncode(String(value))}`,
    ]);
    return parameter.required ? pair : fc.oneof(fc.constant<string[]>([]), pair);
  });
  return fc.tuple(...pairs).map((all) => (all.flat().length ? `?${all.flat().join('&')}` : ''));
}

function queryFor(operation: Operation, context: CaseContext): fc.Arbitrary<string> {
  const documented = operation.queryParams.map((parameter) =>
    fc.oneof(
      weighted(parameter.required ? 1 : 3, fc.constant<string[]>([])),
      weighted(
        parameter.required ? 10 : 5,
        queryValue(parameter, context).map((value) => [`${parameter.name}=${value}`]),
      ),
      weighted(
        1,
        fc
          .tuple(queryValue(parameter, context), queryValue(parameter, context))
          .map(([a, b]) => [`${parameter.name}=${a}`, `${parameter.name}=${b}`]),
      ),
    ),
  );
  const extra = fc.oneof(
    weighted(6, fc.constant<string[]>([])),
    weighted(
      2,
      fc
        .tuple(hostileString, hostileString)
        .map(([name, value]) => [`${percentEncode(name.slice(0, 100))}=${percentEncode(value.slice(0, 1000))}`]),
    ),
    weighted(1, fc.constantFrom(['%zz'], ['a'], ['=x'], ['&&'], ['%ED%A0%80=1'], ['limit'], [`q=${'x'.repeat(9000)}`])),
  );
  return fc.tuple(fc.tuple(...documented), extra).map(([pairs, more]) => {
    const all = [...pairs.flat(), ...more];
    return all.length ? `?${all.join('&')}` : '';
  });
}

const EXTRA_HEADERS: fc.Arbitrary<Record<string, string>> = fc.oneof(
  weighted(6, fc.constant<Record<string, string>>({})),
  weighted(
    1,
    headerValue.map((value) => ({ 'x-request-id': value })),
  ),
  weighted(
    1,
    fc.constantFrom<Record<string, string>>(
      { accept: 'application/xml' },
      { 'content-encoding': 'gzip' },
      { expect: '100-continue' },
    ),
  ),
  weighted(
    1,
    headerValue.map((value) => ({ 'x-api-key': value })),
  ),
  weighted(
    1,
    headerValue.map((value) => ({ authorization: value })),
  ),
);

const CALLER: fc.Arbitrary<Caller> = fc.oneof(
  weighted(5, fc.constant<Caller>('admin')),
  ...CALLERS.filter((c) => c !== 'admin').map((caller) => weighted(1, fc.constant(caller))),
);

interface Parts {
  caller: Caller;
  pathValues: string[];
  query: string;
  body: Body;
  extraHeaders: Record<string, string>;
}

/** Everything as documented, sent by the admin: these get past validation and exercise the routes' logic. */
function validParts(operation: Operation, context: CaseContext): fc.Arbitrary<Parts> {
  return fc.record({
    caller: fc.constant<Caller>('admin'),
    pathValues: fc.tuple(...operation.pathParams.map((p) => validPathValue(operation, p, context))),
    query: validQueryFor(operation, context),
    body: validBodyFor(operation, context),
    extraHeaders: fc.constant({}),
  });
}

/** Anything goes: each part valid or hostile, by any caller. */
function anyParts(operation: Operation, context: CaseContext): fc.Arbitrary<Parts> {
  return fc.record({
    caller: CALLER,
    pathValues: fc.tuple(...operation.pathParams.map((p) => pathValue(operation, p, context))),
    query: queryFor(operation, context),
    body: bodyFor(operation, context),
    extraHeaders: EXTRA_HEADERS,
  });
}

function toCase(operation: Operation, { caller, pathValues, query, body, extraHeaders }: Parts): FuzzCase {
  let target = operation.path;
  operation.pathParams.forEach((parameter, index) => {
    target = target.replace(`{${parameter.name}}`, pathValues[index]);
  });
  const contentType = body.contentType !== undefined && body.bytes !== undefined;
  const request: RawRequest = {
    method: operation.method,
    target: `${target}${query}`,
    headers: { ...extraHeaders, ...(contentType ? { 'content-type': body.contentType as string } : {}) },
    body: body.bytes,
  };
  return {
    caller,
    bodyKind: body.kind,
    request,
    // fast-check prints counterexamples with this: the request line, not a dump of the body's bytes.
    [fc.toStringMethod]: () => `${caller} ${request.method} ${request.target.slice(0, 200)} [${body.kind}]`,
  } as FuzzCase;
}

/**
 * The request generator for one operation: a quarter entirely as documented (so the routes' logic runs,
 * and 2xx bodies get checked), the rest with valid and hostile path, query, headers and bodies mixed.
 */
export function casesFor(operation: Operation, context: CaseContext): fc.Arbitrary<FuzzCase> {
  const cases = fc
    .oneof(weighted(1, validParts(operation, context)), weighted(3, anyParts(operation, context)))
    .map((parts) => toCase(operation, parts));
  // Shrinking re-sends requests to a server whose state has moved on; a few steps are enough to simplify.
  return fc.limitShrink(cases, 20);
}
