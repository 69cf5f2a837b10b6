import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { ConfigError, LoadedSlices } from '@keyward/core';
import { IdentityModule } from '@keyward/identity';
import { SecretsModule } from '@keyward/secrets';
import { SigningModule } from '@keyward/signing';
import { CONFIG_VARIABLES, CONTEXT_CONFIG_SLICES, loadServiceConfig } from './service-config';

interface FactoryProvider {
  provide: unknown;
  inject?: unknown[];
}

describe('the service configuration', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'keyward-config-'));

  it('has every variable documented in the README configuration table', () => {
    const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
    const undocumented = CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
    expect(CONFIG_VARIABLES).toEqual(expect.arrayContaining(['PORT', 'JWT_SECRET', 'SECRETS_MAX_BYTES', 'GNUPGHOME']));
  });

  it.each([
    ['identity', { REGISTRATION: 'maybe' }, /^Invalid configuration: REGISTRATION: /],
    ['secrets', { SECRETS_ANONYMOUS: 'perhaps' }, /^Invalid configuration: SECRETS_ANONYMOUS: expected true or false/],
    ['signing', { SIGNING_AGENTS: '0' }, /^Invalid configuration: SIGNING_AGENTS: /],
  ])("stops at a bad variable of %s's slice before any slice is built", (_context, variables, message) => {
    const dir = dataDir();
    const attempt = () => loadServiceConfig({ DATA_DIR: dir, ...variables });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    // Building identity's slice would have generated the development JWT key.
    expect(existsSync(path.join(dir, 'jwt-secret'))).toBe(false);
  });

  it.each([
    ['identity', IdentityModule],
    ['secrets', SecretsModule],
    ['signing', SigningModule],
  ] as const)("%s's module provides its own slice, and exports no slice", (context, module) => {
    const slice = CONTEXT_CONFIG_SLICES[context];
    const providers = Reflect.getMetadata(MODULE_METADATA.PROVIDERS, module) as FactoryProvider[];
    const exported = Reflect.getMetadata(MODULE_METADATA.EXPORTS, module) as unknown[];
    expect(providers.filter((provider) => provider.provide === slice)).toEqual([
      expect.objectContaining({ inject: [LoadedSlices] }),
    ]);
    const slices: unknown[] = Object.values(CONTEXT_CONFIG_SLICES);
    expect(exported.filter((token) => slices.includes(token))).toEqual([]);
  });
});
