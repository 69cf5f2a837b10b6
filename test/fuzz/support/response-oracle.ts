import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { OpenApiDocument, Operation, Schema } from './openapi-model';
import { RawResponse } from './raw-http';

const DOCUMENT_ID = 'openapi';

/**
 * Closes every documented object: a property the document does not name is a finding (the document and
 * the code disagree), except where the document says `additionalProperties`.
 */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example') copy[key] = value;
    else if (key === '$ref' && typeof value === 'string') copy[key] = value.replace(/^#/, `${DOCUMENT_ID}#`);
    else if (key === 'properties') {
      copy[key] = Object.fromEntries(Object.entries(value as object).map(([name, schema]) => [name, closed(schema)]));
    } else copy[key] = closed(value);
  }
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

const UPPER_SNAKE = /^[A-Z][A-Z0-9_]*$/;

/** Judges one answer: no 5xx, problem details on every error, documented 2xx bodies. Null when it is fine. */
export class ResponseOracle {
  private readonly ajv = new Ajv({ strict: false, allErrors: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema({ components: closed(document.components) } as Schema, DOCUMENT_ID);
  }

  verdict(operation: Operation, response: RawResponse): string | null {
    const { status } = response;
    const requestId = header(response, 'x-request-id');
    if (!requestId) return 'no X-Request-Id header';
    if (header(response, 'x-content-type-options') !== 'nosniff') return 'no X-Content-Type-Options: nosniff';
    if (status >= 500) return `server error ${status}: ${response.body.toString('utf8').slice(0, 500)}`;
    if (status >= 400) return this.problem(response, requestId);
    if (status >= 200 && status < 300) return this.success(operation, response);
    return `unexpected status ${status}`;
  }

  private problem(response: RawResponse, requestId: string): string | null {
    const type = header(response, 'content-type');
    if (!type.startsWith('application/problem+json')) return `error ${response.status} answered as ${type}`;
    let body: { status?: unknown; code?: unknown; requestId?: unknown; type?: unknown; title?: unknown };
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      return `error ${response.status} is not JSON`;
    }
    if (typeof body.code !== 'string' || !UPPER_SNAKE.test(body.code)) return `error without an UPPER_SNAKE code`;
    if (body.requestId !== requestId) return `problem requestId ${String(body.requestId)} is not the header's`;
    if (body.status !== response.status) return `problem status ${String(body.status)} is not ${response.status}`;
    if (typeof body.type !== 'string' || typeof body.title !== 'string') return 'problem without type or title';
    return null;
  }

  private success(operation: Operation, response: RawResponse): string | null {
    const documented = operation.responses.get(response.status);
    if (!documented) return `undocumented success status ${response.status}`;
    if (documented.size === 0) {
      return response.body.length === 0 ? null : `documented without content, answered ${response.body.length} bytes`;
    }
    const type = header(response, 'content-type');
    const mediaType = mediaTypeOf(type);
    const match = [...documented.entries()].find(([documentedType]) => mediaTypeOf(documentedType) === mediaType);
    if (!match) return `answered ${type}, documented ${[...documented.keys()].join(', ')}`;
    const [, schema] = match;
    if (!schema || mediaType !== 'application/json') return null;
    let body: unknown;
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      return 'success body is not JSON';
    }
    const validate = this.validatorFor(operation, response.status, schema);
    if (validate(body)) return null;
    return `body does not match the documented schema: ${this.ajv.errorsText(validate.errors)}`;
  }

  private validatorFor(operation: Operation, status: number, schema: Schema): ValidateFunction {
    const key = `${operation.key} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(closed(schema) as Schema);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

function header(response: RawResponse, name: string): string {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}
