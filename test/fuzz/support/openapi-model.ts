/** The parts of the served OpenAPI 3.0 document the fuzzer generates requests from and checks answers against. */

export type Schema = Record<string, any>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
}

interface RawOperation {
  operationId?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: Record<string, string[]>[];
}

export interface Parameter {
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** `POST /auth/users/{id}`, as in reports. */
  key: string;
  method: string;
  /** Path template as documented, e.g. `/auth/users/{id}`. */
  path: string;
  tag: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** Documented request body: media type and resolved schema (JSON or multipart/form-data). */
  body: { mediaType: string; schema: Schema } | null;
  secured: boolean;
  /** Status -> media type -> schema (unresolved; the oracle resolves `$ref`s). */
  responses: Map<number, Map<string, Schema | undefined>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, entries] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(entries)) {
      if (!METHODS.includes(method)) continue;
      const parameters = (raw.parameters ?? []).map((p) => ({
        in: p.in,
        name: p.name,
        required: p.required === true,
        schema: resolve(document, p.schema ?? { type: 'string' }),
      }));
      const [mediaType, content] = Object.entries(raw.requestBody?.content ?? {})[0] ?? [];
      const responses = new Map<number, Map<string, Schema | undefined>>();
      for (const [status, response] of Object.entries(raw.responses)) {
        const types = new Map(Object.entries(response.content ?? {}).map(([type, c]) => [type, c.schema]));
        responses.set(Number(status), types);
      }
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        tag: raw.tags?.[0] ?? 'untagged',
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: mediaType && content ? { mediaType, schema: resolve(document, content.schema) } : null,
        secured: (raw.security ?? []).length > 0,
        responses,
      });
    }
  }
  return operations;
}

/** Follows a top-level `$ref` to `#/components/schemas/...` (nested ones are resolved where they are used). */
export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 10; hops += 1) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = document.components.schemas[name];
    if (!current) throw new Error(`Unresolvable $ref ${schema.$ref}`);
  }
  return current;
}
