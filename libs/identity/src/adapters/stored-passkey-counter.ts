import { Injectable } from '@nestjs/common';
import { PasskeyCounter } from '../domain/mfa-ports';
import { PasskeyRepository } from '../domain/passkey-ports';

/** The MFA status, `me.mfa.passkeys` and MFA_REQUIRED_ROLES count a user's registered passkeys. */
@Injectable()
export class StoredPasskeyCounter extends PasskeyCounter {
  constructor(private readonly passkeys: PasskeyRepository) {
    super();
  }

  countFor(userId: string): Promise<number> {
    return this.passkeys.countByUser(userId);
  }
}
