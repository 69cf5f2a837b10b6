import { AppConfig, loadConfig } from '@keyward/core';
import { PasswordPolicy, SessionIssuer } from '@keyward/identity';
import { FakeClock, SequentialRandom } from './fake-clock';
import {
  FakeAccessTokens,
  FakePasswordHasher,
  InMemoryApiKeyRepository,
  InMemoryUserRepository,
} from './in-memory-identity';
import { InMemorySessionStore } from './in-memory-session-store';

/** Everything the identity interactors depend on, as fakes sharing one clock. */
export function identityKit(variables: Record<string, string> = {}) {
  const config: AppConfig = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'unit-test-secret-that-is-long-enough-32',
    ...variables,
  });
  const clock = new FakeClock();
  const random = new SequentialRandom();
  const users = new InMemoryUserRepository();
  const apiKeys = new InMemoryApiKeyRepository(users);
  const sessions = new InMemorySessionStore(() => clock.now());
  const hasher = new FakePasswordHasher();
  const tokens = new FakeAccessTokens();
  const policy = new PasswordPolicy(new Set(['password123', 'qwertyuiop']));
  const issuer = new SessionIssuer(sessions, tokens, clock, random, config);
  return { config, clock, random, users, apiKeys, sessions, hasher, tokens, policy, issuer };
}
