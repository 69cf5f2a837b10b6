import { Injectable } from '@nestjs/common';
import { Clock, Random } from '@keyward/kernel';
import { PASSKEY_CHALLENGE_TTL_SECONDS } from '../../../domain/passkey';
import {
  PasskeyChallengeRepository,
  PasskeyRepository,
  WebAuthnCeremonies,
  WebAuthnJson,
} from '../../../domain/passkey-ports';
import { UserRepository } from '../../../domain/ports';
import { normalizeEmail } from '../../../domain/user';

/**
 * Request options for a passkey login. Without an email: no allowCredentials, the browser offers the passkeys it
 * holds for this site (discoverable login). With one: the passkeys of that account, if it is active. An unknown
 * email answers exactly as an account without passkeys does (empty list, a challenge only that account could
 * answer: none can), so this route tells nothing about accounts without passkeys.
 */
@Injectable()
export class BeginPasskeyLoginInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly passkeys: PasskeyRepository,
    private readonly challenges: PasskeyChallengeRepository,
    private readonly ceremonies: WebAuthnCeremonies,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async execute(command: { email?: string }): Promise<WebAuthnJson & { challengeId: string }> {
    const forAccount = command.email !== undefined;
    const user = forAccount ? await this.users.findByEmail(normalizeEmail(command.email!)) : null;
    const allow = user?.active ? await this.passkeys.allForUser(user.id) : [];
    const { options, challenge } = await this.ceremonies.authenticationOptions(allow);
    const now = this.clock.now();
    const id = this.random.uuid();
    await this.challenges.create(
      {
        id,
        purpose: 'authentication',
        challenge,
        userId: user?.id ?? null,
        forAccount,
        expiresAt: new Date(now.getTime() + PASSKEY_CHALLENGE_TTL_SECONDS * 1000),
      },
      now,
    );
    return { ...options, challengeId: id };
  }
}
