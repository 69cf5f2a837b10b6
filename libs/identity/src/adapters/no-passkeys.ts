import { PasskeyCounter } from '../domain/mfa-ports';

/** The default PasskeyCounter until the passkeys module binds its own: nobody has a passkey. */
export class NoPasskeys extends PasskeyCounter {
  async countFor(): Promise<number> {
    return 0;
  }
}
