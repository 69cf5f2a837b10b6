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
import { requireUser } from '../../shared/users';

/** Creation options for the signed-in user; the challenge is kept (5 minutes, single-use) for POST /passkeys. */
@Injectable()
export class BeginPasskeyRegistrationInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly passkeys: PasskeyRepository,
    private readonly challenges: PasskeyChallengeRepository,
    private readonly ceremonies: WebAuthnCeremonies,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async execute(command: { userId: string }): Promise<WebAuthnJson> {
    const user = await requireUser(this.users, command.userId);
    // Listing the user's passkeys lets the browser refuse to register the same authenticator twice.
    const exclude = await this.passkeys.allForUser(user.id);
    const { options, challenge } = await this.ceremonies.registrationOptions({ user, exclude });
    const now = this.clock.now();
    await this.challenges.create(
      {
        id: this.random.uuid(),
        purpose: 'registration',
        challenge,
        userId: user.id,
        forAccount: true,
        expiresAt: new Date(now.getTime() + PASSKEY_CHALLENGE_TTL_SECONDS * 1000),
      },
      now,
    );
    return options;
  }
}
