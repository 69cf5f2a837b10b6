import { expectProblem, TestApp, TestUser } from '../support/test-app';

/** What the OpenAPI fuzzer (test/fuzz) found besides 5xx, each pinned down on its own. */
describe('fuzz findings: content types, field names, documented schemas', () => {
  let app: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    user = await app.newUser();
  });
  afterAll(() => app.close());

  it.each([
    ['application/x-www-form-urlencoded', 'name=form-posted'],
    ['text/plain', '{"name":"text-posted"}'],
    ['application/xml', '<team><name>x</name></team>'],
  ])('refuses a %s body with 415 instead of reading it', async (contentType, rawBody) => {
    const res = await app.request('POST', '/teams', {
      token: user.accessToken,
      rawBody,
      headers: { 'content-type': contentType },
    });
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const teams = await app.request('GET', '/teams', { token: user.accessToken });
    expect(teams.body.total).toBe(0);
  });

  it('still takes JSON with a charset', async () => {
    const res = await app.request('POST', '/teams', {
      token: user.accessToken,
      rawBody: '{"name":"with charset"}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(res.status).toBe(201);
  });

  it('names the field an unknown permission was given in, on /authorize', async () => {
    const res = await app.request('POST', '/authorize', {
      token: user.accessToken,
      body: { permission: 'no-such:permission' },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'permission', message: 'unknown permission: no-such:permission' }]);
  });

  it('documents register.name as a nullable string (it was an object)', async () => {
    const document = (await app.request('GET', '/openapi.json')).body;
    expect(document.components.schemas.RegisterRequest.properties.name).toMatchObject({
      type: 'string',
      nullable: true,
    });
  });
});
