import { RawRequest, RawResponse } from './raw-http';

/** A request and its answer as a failure report shows them (credentials left out). */
export function describeExchange(request: RawRequest, response: RawResponse): string {
  const body = request.body ? request.body.subarray(0, 300).toString('utf8') : '';
  const headers = Object.entries(request.headers)
    .filter(([name]) => name !== 'authorization' && name !== 'x-api-key')
    .map(([name, value]) => `${name}: ${value.slice(0, 100)}`)
    .join('; ');
  return [
    `request: ${request.method} ${request.target.slice(0, 300)}`,
    `  headers: ${headers}`,
    `  body (${request.body?.length ?? 0} bytes): ${JSON.stringify(body)}`,
    `response: ${response.status} ${response.body.subarray(0, 400).toString('utf8')}`,
  ].join('\n');
}

export function isJson(request: RawRequest): boolean {
  return request.headers['content-type'] === 'application/json';
}

/** The fields a 400 problem names (or its code, when it names none). */
export function fieldsOf(response: RawResponse): string[] {
  try {
    const problem = JSON.parse(response.body.toString('utf8'));
    const fields = (problem.errors ?? []).map((error: { field: string }) => error.field);
    return fields.length ? fields : [problem.code];
  } catch {
    return ['unparsable'];
  }
}
