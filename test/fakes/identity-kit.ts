import { MemoryFailureLimiter } from '@keyward/core';
import {
  IdentityConfig,
  LoginCommand,
  LoginInteractor,
  LoginThrottle,
  MfaChallenges,
  PasswordPolicy,
  RegisterUserInteractor,
  SessionIssuer,
} from '@keyward/identity';
import { sliceOf } from './config-slices';
import { FakeAccessDirectory } from './fake-access-directory';
import { FakeClock, SequentialRandom } from './fake-clock';
import { FakeGrantGuard } from './fake-grant-guard';
import {
  FakeAccessTokens,
  FakePasswordHasher,
  InMemoryApiKeyRepository,
  InMemoryUserRepository,
} from './in-memory-identity';
import { InMemoryMfaChallengeRepository, InMemoryMfaRepository } from './in-memory-mfa';
import { InMemorySessionStore } from './in-memory-session-store';
import { RecordingAuditLog } from './recording-audit-log';
import { RecordingMeter } from './recording-meter';

/** Everything the identity interactors depend on, as fakes sharing one clock; `settings` change identity's slice. */
export function identityKit(settings: Partial<IdentityConfig> = {}) {
  const config = sliceOf(IdentityConfig, settings);
  const clock = new FakeClock();
  const random = new SequentialRandom();
  const users = new InMemoryUserRepository();
  const apiKeys = new InMemoryApiKeyRepository(users);
  const sessions = new InMemorySessionStore(() => clock.now());
  const access = new FakeAccessDirectory();
  const grants = new FakeGrantGuard();
  const hasher = new FakePasswordHasher();
  const tokens = new FakeAccessTokens();
  const audit = new RecordingAuditLog();
  const policy = new PasswordPolicy(new Set(['password123', 'qwertyuiop']));
  const issuer = new SessionIssuer(sessions, tokens, clock, random, config);
  const register = new RegisterUserInteractor(users, hasher, policy, clock, random, config, grants, audit);
  const failures = new MemoryFailureLimiter(() => clock.now().getTime());
  const meter = new RecordingMeter();
  const mfa = new InMemoryMfaRepository();
  const mfaChallenges = new InMemoryMfaChallengeRepository();
  const challenges = new MfaChallenges(mfa, mfaChallenges, clock, random);
  const throttle = new LoginThrottle(failures, config);
  const passwordLogin = new LoginInteractor(users, hasher, issuer, sessions, throttle, meter, audit, challenges);
  /** Logins of accounts without MFA, as most tests make them: the issued session (MFA tests use passwordLogin). */
  const login = {
    async execute(command: LoginCommand) {
      const outcome = await passwordLogin.execute(command);
      if ('mfaRequired' in outcome) throw new Error('this login waits for a second factor; use passwordLogin');
      return outcome;
    },
  };
  /** A registered user and one login session (the password is `password`). */
  async function loggedInUser(email = 'ada@example.com', password = 'first passphrase') {
    const user = await register.execute({ email, password });
    const issued = await login.execute({ email, password, client: { ip: null, userAgent: null } });
    return { user, issued, password };
  }
  return {
    config,
    clock,
    random,
    users,
    apiKeys,
    sessions,
    access,
    grants,
    hasher,
    tokens,
    audit,
    policy,
    issuer,
    failures,
    meter,
    register,
    mfa,
    mfaChallenges,
    passwordLogin,
    login,
    loggedInUser,
  };
}
