import { Injectable } from '@nestjs/common';
import { AuditLog, Clock, Random } from '@keyward/kernel';
import { PasskeyVerificationFailedError, PasskeyView, toPasskeyView } from '../../../domain/passkey';
import {
  PasskeyChallengeRepository,
  PasskeyRepository,
  WebAuthnCeremonies,
  WebAuthnJson,
} from '../../../domain/passkey-ports';

export interface RegisterPasskeyCommand {
  userId: string;
  name: string;
  /** The browser's registration response (PublicKeyCredential.toJSON()). */
  response: WebAuthnJson;
}

/**
 * Verifies a registration against the challenge this user was given (found by the challenge the response signed,
 * and used up whatever the outcome). Every refusal is the same PASSKEY_VERIFICATION_FAILED.
 */
@Injectable()
export class RegisterPasskeyInteractor {
  constructor(
    private readonly passkeys: PasskeyRepository,
    private readonly challenges: PasskeyChallengeRepository,
    private readonly ceremonies: WebAuthnCeremonies,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: RegisterPasskeyCommand): Promise<PasskeyView> {
    const now = this.clock.now();
    const claimed = this.ceremonies.challengeOf(command.response);
    const challenge = claimed && (await this.challenges.consumeRegistration(command.userId, claimed, now));
    if (!challenge) throw new PasskeyVerificationFailedError();
    const credential = await this.ceremonies.verifyRegistration(command.response, challenge.challenge);
    if (!credential) throw new PasskeyVerificationFailedError();
    const passkey = { id: this.random.uuid(), userId: command.userId, name: command.name, ...credential };
    const created = await this.passkeys.create({ ...passkey, createdAt: now, lastUsedAt: null });
    // Already registered (to this account or, in theory, another): a credential belongs to one account only.
    if (!created) throw new PasskeyVerificationFailedError();
    await this.audit.record({
      actorId: command.userId,
      action: 'passkey.registered',
      targetType: 'passkey',
      targetId: passkey.id,
      details: { userId: command.userId, name: command.name, deviceType: credential.deviceType },
    });
    return toPasskeyView({ ...passkey, createdAt: now, lastUsedAt: null });
  }
}
