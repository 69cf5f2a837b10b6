import { generateSecret, generateURI, verifySync } from 'otplib';
import { Totp } from '../domain/mfa-ports';

const PERIOD_SECONDS = 30;
const ISSUER = 'Keyward';

/** otplib with the RFC 6238 defaults authenticator apps use; a code is accepted one step early or late. */
export class OtplibTotp extends Totp {
  generateSecret(): string {
    return generateSecret();
  }

  uri(secret: string, account: string): string {
    return generateURI({ issuer: ISSUER, label: account, secret });
  }

  matchStep(secret: string, code: string, now: Date): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const result = verifySync({
      secret,
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: PERIOD_SECONDS,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}
