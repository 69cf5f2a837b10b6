import { Page, PageRequest } from '@keyward/kernel';
import { Passkey, PasskeyChallenge } from './passkey';

/** Passkeys, scoped by owner except the lookup by credential id that authenticates. The class is the DI token. */
export abstract class PasskeyRepository {
  /** False when that credential id is already registered (to anyone). */
  abstract create(passkey: Passkey): Promise<boolean>;
  abstract listForUser(userId: string, page: PageRequest): Promise<Page<Passkey>>;
  abstract allForUser(userId: string): Promise<Passkey[]>;
  abstract findByCredentialId(credentialId: string): Promise<Passkey | null>;
  abstract deleteForUser(userId: string, id: string): Promise<boolean>;
  /** How many passkeys the user holds: the MFA context counts a passkey as a second factor. */
  abstract countByUser(userId: string): Promise<number>;
  /**
   * Saves a use, only if the stored counter is still below `counter` (or both are 0, for authenticators that
   * keep no counter): of two racing assertions with the same counter, one wins. False when the counter went back.
   */
  abstract recordUse(id: string, counter: number, backedUp: boolean, at: Date): Promise<boolean>;
}

/** Challenges waiting for their one response. Shared by every API process, since they live in the database. */
export abstract class PasskeyChallengeRepository {
  /** Stores it, and drops challenges that expired before `now` (so unused ones do not pile up). */
  abstract create(challenge: PasskeyChallenge, now: Date): Promise<void>;
  /** Takes the challenge out for good: it is returned to one caller only, and only before it expired. */
  abstract consumeById(id: string, now: Date): Promise<PasskeyChallenge | null>;
  /** As consumeById, for the registration challenge `challenge` of this user. */
  abstract consumeRegistration(userId: string, challenge: string, now: Date): Promise<PasskeyChallenge | null>;
}

/** Options and responses as the browser's JSON forms of WebAuthn (PublicKeyCredential.toJSON()). */
export type WebAuthnJson = Record<string, unknown>;

export interface CredentialDescriptor {
  credentialId: string;
  transports: string[];
}

/** What a verified registration adds to the account. */
export type VerifiedCredential = Pick<
  Passkey,
  'credentialId' | 'publicKey' | 'counter' | 'transports' | 'deviceType' | 'backedUp'
>;

/**
 * The WebAuthn ceremonies (adapter: SimpleWebAuthnCeremonies). Options carry a fresh random challenge;
 * verification checks it, the origin (PUBLIC_URL), the relying party id, user verification and signatures.
 */
export abstract class WebAuthnCeremonies {
  abstract registrationOptions(input: {
    user: { id: string; email: string; name: string | null };
    exclude: CredentialDescriptor[];
  }): Promise<{ options: WebAuthnJson; challenge: string }>;
  /** The new credential, or null when the response does not verify for this challenge. */
  abstract verifyRegistration(response: WebAuthnJson, challenge: string): Promise<VerifiedCredential | null>;
  abstract authenticationOptions(allow: CredentialDescriptor[]): Promise<{ options: WebAuthnJson; challenge: string }>;
  /** The assertion's new counter and backup state, or null when it does not verify for this passkey and challenge. */
  abstract verifyAuthentication(
    response: WebAuthnJson,
    challenge: string,
    passkey: Passkey,
  ): Promise<{ counter: number; backedUp: boolean } | null>;
  /** The challenge a response claims to answer (from its client data), or null when it cannot be read. */
  abstract challengeOf(response: WebAuthnJson): string | null;
  /** The credential id a response names, or null. */
  abstract credentialIdOf(response: WebAuthnJson): string | null;
}
