import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PermissionResolver, Principal } from '@keyward/kernel';
import { MonitoringConfig } from '../config/platform-config';
import { MetricsAccessGuard } from '../metrics/metrics-access.guard';
import { PermissionGuard } from './permission.guard';
import { REQUIRED_PERMISSIONS } from './principal';

/**
 * The route guards narrow a scoped key's caller themselves, from the principal they are handed, so a resolver that
 * does not (or a request context that is missing) cannot widen a key. The resolver here answers the owner's
 * permissions unnarrowed, as it would outside a request.
 */
describe('route guards and scoped API keys', () => {
  const resolver = new (class extends PermissionResolver {
    async permissionsOf(): Promise<ReadonlySet<string>> {
      return new Set(['users:read', 'signing:sign', 'metrics:read']);
    }
  })();
  const principal = (scope: string[] | null): Principal => ({ userId: 'u', sessionId: null, apiKeyId: 'k', scope });
  const contextOf = (p: Principal, handler: () => void): ExecutionContext =>
    ({
      getHandler: () => handler,
      getClass: () => class {},
      switchToHttp: () => ({ getRequest: () => ({ principal: p, headers: {}, ip: '127.0.0.1' }) }),
    }) as unknown as ExecutionContext;

  it('PermissionGuard refuses what the owner holds but the scope leaves out', async () => {
    const handler = () => undefined;
    Reflect.defineMetadata(REQUIRED_PERMISSIONS, ['users:read'], handler);
    const guard = new PermissionGuard(new Reflector(), resolver);
    await expect(guard.canActivate(contextOf(principal(['signing:sign']), handler))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(guard.canActivate(contextOf(principal(['users:read']), handler))).resolves.toBe(true);
    await expect(guard.canActivate(contextOf(principal(null), handler))).resolves.toBe(true);
  });

  it('MetricsAccessGuard refuses a key scoped without metrics:read', async () => {
    const guard = new MetricsAccessGuard(resolver, new MonitoringConfig({ metricsToken: null, sentryDsn: null }));
    const handler = () => undefined;
    await expect(guard.canActivate(contextOf(principal(['signing:sign']), handler))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(guard.canActivate(contextOf(principal(['metrics:read']), handler))).resolves.toBe(true);
  });
});
