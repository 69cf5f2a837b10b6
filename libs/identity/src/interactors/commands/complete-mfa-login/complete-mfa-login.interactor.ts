import { Injectable } from '@nestjs/common';
import { AuditLog, ClientInfo, Clock, DomainMeter, ValidationFailedError } from '@keyward/kernel';
import { hashMfaToken } from '../../../domain/mfa';
import { InvalidMfaCodeError, MfaTokenExpiredError } from '../../../domain/mfa-errors';
import { MfaChallengeRepository, MfaRepository } from '../../../domain/mfa-ports';
import { UserRepository } from '../../../domain/ports';
import { MfaAttempts } from '../../shared/mfa-attempts';
import { SecondFactor } from '../../shared/second-factor';
import { IssuedSession, SessionIssuer } from '../../shared/session-issuer';

export interface CompleteMfaLoginCommand {
  mfaToken: string;
  code?: string;
  recoveryCode?: string;
  client: ClientInfo;
}

/**
 * The second step of a login with MFA. A wrong code leaves the mfaToken usable (within its 5 minutes) but counts
 * towards the account's MFA limit; the right one uses the token up and opens the session. Unknown, used and
 * expired tokens are one error, MFA_TOKEN_EXPIRED.
 */
@Injectable()
export class CompleteMfaLoginInteractor {
  constructor(
    private readonly challenges: MfaChallengeRepository,
    private readonly mfa: MfaRepository,
    private readonly users: UserRepository,
    private readonly factors: SecondFactor,
    private readonly attempts: MfaAttempts,
    private readonly issuer: SessionIssuer,
    private readonly clock: Clock,
    private readonly meter: DomainMeter,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: CompleteMfaLoginCommand): Promise<IssuedSession> {
    const method = this.methodOf(command);
    const tokenHash = hashMfaToken(command.mfaToken);
    const challenge = await this.challenges.find(tokenHash, this.clock.now());
    if (!challenge) throw new MfaTokenExpiredError();
    const userId = challenge.userId;
    const attempt = await this.attempts.begin(userId);
    const user = await this.users.findById(userId);
    const factor = await this.mfa.findTotp(userId);
    if (!user?.active || !factor?.enabledAt) {
      await attempt.release();
      throw new MfaTokenExpiredError();
    }
    const accepted =
      method === 'totp'
        ? await this.factors.acceptTotpCode(factor, command.code ?? '')
        : await this.factors.acceptRecoveryCode(userId, command.recoveryCode ?? '');
    if (!accepted) {
      this.meter.loginAttempted('failure');
      await this.record(userId, 'auth.login.mfa.failure', command.client, { method });
      throw new InvalidMfaCodeError();
    }
    await attempt.release();
    if (!(await this.challenges.consume(tokenHash))) throw new MfaTokenExpiredError();
    const issued = await this.issuer.start(user, command.client);
    this.meter.loginAttempted('success');
    await this.record(userId, 'auth.login.mfa.success', command.client, { method, sessionId: issued.sessionId });
    if (method === 'recovery') {
      const left = await this.mfa.countRecoveryCodes(userId);
      await this.record(userId, 'mfa.recovery-code.used', command.client, { left });
    }
    return issued;
  }

  private methodOf(command: CompleteMfaLoginCommand): 'totp' | 'recovery' {
    if ((command.code === undefined) === (command.recoveryCode === undefined))
      throw new ValidationFailedError('Send either code or recoveryCode', [
        { field: 'code', message: 'exactly one of code and recoveryCode is required' },
      ]);
    return command.code !== undefined ? 'totp' : 'recovery';
  }

  private record(
    userId: string,
    action: 'auth.login.mfa.success' | 'auth.login.mfa.failure' | 'mfa.recovery-code.used',
    client: ClientInfo,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({ actorId: userId, action, targetType: 'user', targetId: userId, ip: client.ip, details });
  }
}
