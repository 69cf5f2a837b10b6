import { ConfigError, loadConfig } from '@keyward/core';
import { SecretsConfig } from './secrets.config';

describe('SecretsConfig', () => {
  const load = (variables: Record<string, string>) => loadConfig(variables, { secrets: SecretsConfig }).secrets;

  it('applies the documented defaults, with the platform Argon2id cost', () => {
    expect(load({})).toEqual(
      new SecretsConfig({
        maxBytes: 65536,
        anonymous: true,
        purgeIntervalSeconds: 60,
        receiptRetentionDays: 30,
        argon2: expect.objectContaining({ memoryKib: 19456, passes: 2, parallelism: 1 }),
      }),
    );
    expect(load({ SECRETS_ANONYMOUS: 'no', ARGON2_MEMORY_KIB: '65536' })).toMatchObject({
      anonymous: false,
      argon2: { memoryKib: 65536 },
    });
  });

  it('names the bad variable in one line, never echoing the value (the name holds SECRET)', () => {
    const attempt = () => load({ SECRETS_MAX_BYTES: '0' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^Invalid configuration: SECRETS_MAX_BYTES: expected a whole number from 1 to 16777216$/);
  });
});
