import Fastify from 'fastify';
import { currentRequestContext, registerRequestContext, runInRequestContext } from './request-context';

describe('request context', () => {
  async function server() {
    const fastify = Fastify({ genReqId: (request) => String(request.headers['x-request-id'] ?? 'generated') });
    registerRequestContext(fastify, '/auth');
    // The handler reads the context after an await, as an interactor several calls deep would.
    const handler = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentRequestContext() ?? null;
    };
    fastify.get('/auth/users', handler);
    fastify.post('/auth/login', handler);
    fastify.get('/auth/admin', handler);
    fastify.post('/auth/admin/users/:id', handler);
    fastify.get('/auth/administrators', handler);
    await fastify.ready();
    return fastify;
  }

  it("carries each request's id, client address and origin into the handler, after the body is read", async () => {
    const fastify = await server();
    const ask = async (method: 'GET' | 'POST', url: string, id: string) =>
      (
        await fastify.inject({
          method,
          url,
          headers: { 'x-request-id': id, 'content-type': 'application/json' },
          remoteAddress: '192.0.2.44',
          ...(method === 'POST' ? { payload: JSON.stringify({ a: 'x'.repeat(100_000) }) } : {}),
        })
      ).json();
    const answers = await Promise.all([
      ask('GET', '/auth/users?x=1', 'r1'),
      ask('POST', '/auth/login', 'r2'),
      ask('GET', '/auth/admin', 'r3'),
      ask('POST', '/auth/admin/users/7?y=2', 'r4'),
      ask('GET', '/auth/administrators', 'r5'),
    ]);
    expect(answers).toEqual([
      { requestId: 'r1', ip: '192.0.2.44', via: 'api' },
      { requestId: 'r2', ip: '192.0.2.44', via: 'api' },
      { requestId: 'r3', ip: '192.0.2.44', via: 'admin' },
      { requestId: 'r4', ip: '192.0.2.44', via: 'admin' },
      { requestId: 'r5', ip: '192.0.2.44', via: 'api' },
    ]);
    await fastify.close();
  });

  it('is absent outside a request, and what runInRequestContext gives inside it', async () => {
    expect(currentRequestContext()).toBeUndefined();
    const cli = { requestId: null, ip: null, via: 'cli' as const };
    await runInRequestContext(cli, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(currentRequestContext()).toEqual(cli);
    });
    expect(currentRequestContext()).toBeUndefined();
  });
});
