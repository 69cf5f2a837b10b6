import { randomBytes, randomUUID } from 'node:crypto';

/** CSPRNG access; replaced in unit tests. The class is the DI token. */
export abstract class Random {
  abstract uuid(): string;
  /** `bytes` random bytes, base64url-encoded. */
  abstract token(bytes: number): string;
}

export class CryptoRandom extends Random {
  uuid(): string {
    return randomUUID();
  }
  token(bytes: number): string {
    return randomBytes(bytes).toString('base64url');
  }
}
