import { withoutCredentials } from './sentry-reporter';

describe('withoutCredentials (Sentry beforeSend)', () => {
  it('drops credential headers, cookies, bodies, query strings and the user, and keeps the rest', () => {
    const event = withoutCredentials({
      type: undefined,
      message: 'boom',
      user: { id: 'u-1', email: 'ada@example.com', ip_address: '203.0.113.9' },
      request: {
        method: 'GET',
        url: 'http://localhost/auth/me',
        headers: {
          Authorization: 'Bearer eyJ.secret',
          cookie: 'session=abc',
          'X-Api-Key': 'kw_secret',
          'proxy-authorization': 'Basic c2VjcmV0',
          accept: 'application/json',
        },
        cookies: { session: 'abc' },
        data: { password: 'hunter2 hunter2' },
        query_string: 'token=secret',
      },
    });
    expect(event).toEqual({
      type: undefined,
      message: 'boom',
      request: { method: 'GET', url: 'http://localhost/auth/me', headers: { accept: 'application/json' } },
    });
  });
});
