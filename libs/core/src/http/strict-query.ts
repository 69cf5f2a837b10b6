/** Names of query parameters whose name or value was not percent-encoded UTF-8 (kept off the enumerable keys). */
export const MALFORMED_QUERY = Symbol('keyward.malformedQuery');

export type ParsedQuery = Record<string, string | string[]> & { [MALFORMED_QUERY]?: string[] };

/**
 * The router's query-string parser. Like Fastify's own (repeated names become arrays, `+` is a space, the
 * object has no prototype), except that a sequence that is not UTF-8, such as `%ED%A0%80` (a lone surrogate,
 * the only way to send one in a URL) or `%zz`, is remembered instead of being passed on as literal text, so
 * that validation can refuse it (400) rather than a route treating "%ED%A0%80" as the value.
 */
export function parseQueryString(query: string): ParsedQuery {
  const result: ParsedQuery = Object.create(null);
  const malformed: string[] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    const name = decode(rawName);
    const value = decode(rawValue);
    const key = name ?? rawName;
    if (name === null || value === null) malformed.push(key);
    const decoded = value ?? rawValue;
    const existing = result[key];
    if (existing === undefined) result[key] = decoded;
    else if (Array.isArray(existing)) existing.push(decoded);
    else result[key] = [existing, decoded];
  }
  if (malformed.length > 0) Object.defineProperty(result, MALFORMED_QUERY, { value: malformed, enumerable: false });
  return result;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}
