import { MALFORMED_QUERY, parseQueryString } from './strict-query';

describe('parseQueryString', () => {
  it('parses as Fastify does: arrays for repeated names, + as space, no prototype', () => {
    const query = parseQueryString('a=1&b=x+y&a=2&c&=e&&__proto__=p&k=%F0%9F%94%91');
    expect({ ...query }).toEqual({ a: ['1', '2'], b: 'x y', c: '', '': 'e', ['__proto__']: 'p', k: '🔑' });
    expect(Object.getPrototypeOf(query)).toBeNull();
    expect(query[MALFORMED_QUERY]).toBeUndefined();
    expect({ ...parseQueryString('') }).toEqual({});
  });

  it('remembers the names whose name or value is not percent-encoded UTF-8, without listing them as keys', () => {
    const query = parseQueryString('email=%ED%A0%80&ok=1&bad=%zz&%C0%AF=x');
    expect(query[MALFORMED_QUERY]).toEqual(['email', 'bad', '%C0%AF']);
    expect(Object.keys(query)).toEqual(['email', 'ok', 'bad', '%C0%AF']);
    expect(query.email).toBe('%ED%A0%80');
  });
});
