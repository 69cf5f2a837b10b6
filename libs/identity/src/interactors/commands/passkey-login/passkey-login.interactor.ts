import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { AuditLog, ClientInfo, Clock, DomainMeter } from '@keyward/kernel';
import { InvalidCredentialsError } from '../../../domain/identity-errors';
import {
  PasskeyChallengeRepository,
  PasskeyRepository,
  WebAuthnCeremonies,
  WebAuthnJson,
} from '../../../domain/passkey-ports';
import { UserRepository } from '../../../domain/ports';
import { IssuedSession, SessionIssuer } from '../../shared/session-issuer';

export interface PasskeyLoginCommand {
  challengeId: string;
  /** The browser's authentication response (PublicKeyCredential.toJSON()). */
  response: WebAuthnJson;
  client: ClientInfo;
}

type RefusalReason =
  'unknown-challenge' | 'unknown-passkey' | 'other-account' | 'verification-failed' | 'counter-regressed' | 'inactive';
type Refusal = { userId: string | null; passkeyId: string | null; reason: RefusalReason };

/**
 * Logs in with a passkey: the challenge is used up first (a replayed or late response finds none), the passkey
 * is found by its credential id, its signature verified with the stored public key, and its counter must move
 * forward. User verification was required, so the session stands for two factors: it is as full as a login that
 * passed the MFA step. Every refusal is the same INVALID_CREDENTIALS; the audit log keeps the reason.
 */
@Injectable()
export class PasskeyLoginInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly passkeys: PasskeyRepository,
    private readonly challenges: PasskeyChallengeRepository,
    private readonly ceremonies: WebAuthnCeremonies,
    private readonly issuer: SessionIssuer,
    private readonly sessions: SessionStore,
    private readonly clock: Clock,
    private readonly meter: DomainMeter,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: PasskeyLoginCommand): Promise<IssuedSession> {
    const outcome = await this.attempt(command);
    if ('reason' in outcome) {
      this.meter.loginAttempted('failure');
      await this.audit.record({
        actorId: outcome.userId,
        action: 'auth.login.passkey.failure',
        targetType: 'user',
        targetId: outcome.userId,
        ip: command.client.ip,
        details: { reason: outcome.reason, passkeyId: outcome.passkeyId },
      });
      throw new InvalidCredentialsError();
    }
    this.meter.loginAttempted('success');
    await this.audit.record({
      actorId: outcome.issued.user.id,
      action: 'auth.login.passkey.success',
      targetType: 'user',
      targetId: outcome.issued.user.id,
      ip: command.client.ip,
      details: { sessionId: outcome.issued.sessionId, passkeyId: outcome.passkeyId },
    });
    return outcome.issued;
  }

  private async attempt(command: PasskeyLoginCommand): Promise<{ issued: IssuedSession; passkeyId: string } | Refusal> {
    const now = this.clock.now();
    const challenge = await this.challenges.consumeById(command.challengeId, now);
    if (challenge?.purpose !== 'authentication') return refusal('unknown-challenge');
    const credentialId = this.ceremonies.credentialIdOf(command.response);
    const passkey = credentialId ? await this.passkeys.findByCredentialId(credentialId) : null;
    if (!passkey) return refusal('unknown-passkey');
    const refuse = (reason: RefusalReason) => refusal(reason, passkey.userId, passkey.id);
    if (challenge.forAccount && challenge.userId !== passkey.userId) return refuse('other-account');
    const verified = await this.ceremonies.verifyAuthentication(command.response, challenge.challenge, passkey);
    if (!verified) return refuse('verification-failed');
    if (!(await this.passkeys.recordUse(passkey.id, verified.counter, verified.backedUp, now))) {
      return refuse('counter-regressed');
    }
    const user = await this.users.findById(passkey.userId);
    if (!user?.active) return refuse('inactive');
    const issued = await this.issuer.start(user, command.client);
    // As in LoginInteractor: a deactivation racing with us either sees our session and revokes it, or we see it.
    const current = await this.users.findById(user.id);
    if (!current?.active) {
      await this.sessions.deleteForUser(user.id, issued.sessionId);
      return refuse('inactive');
    }
    return { issued, passkeyId: passkey.id };
  }
}

function refusal(reason: RefusalReason, userId: string | null = null, passkeyId: string | null = null): Refusal {
  return { userId, passkeyId, reason };
}
