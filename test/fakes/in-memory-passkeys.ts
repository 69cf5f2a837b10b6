import {
  CredentialDescriptor,
  Passkey,
  PasskeyChallenge,
  PasskeyChallengeRepository,
  PasskeyRepository,
  VerifiedCredential,
  WebAuthnCeremonies,
  WebAuthnJson,
} from '@keyward/identity';
import { Page, PageRequest } from '@keyward/kernel';

export class InMemoryPasskeyRepository extends PasskeyRepository {
  readonly passkeys = new Map<string, Passkey>();

  async create(passkey: Passkey): Promise<boolean> {
    if ([...this.passkeys.values()].some((p) => p.credentialId === passkey.credentialId)) return false;
    this.passkeys.set(passkey.id, structuredClone(passkey));
    return true;
  }
  async listForUser(userId: string, page: PageRequest): Promise<Page<Passkey>> {
    const all = await this.allForUser(userId);
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, ...page };
  }
  async allForUser(userId: string): Promise<Passkey[]> {
    return [...this.passkeys.values()].filter((p) => p.userId === userId).map((p) => structuredClone(p));
  }
  async findByCredentialId(credentialId: string): Promise<Passkey | null> {
    const found = [...this.passkeys.values()].find((p) => p.credentialId === credentialId);
    return found ? structuredClone(found) : null;
  }
  async deleteForUser(userId: string, id: string): Promise<boolean> {
    return this.passkeys.get(id)?.userId === userId && this.passkeys.delete(id);
  }
  async countByUser(userId: string): Promise<number> {
    return (await this.allForUser(userId)).length;
  }
  async recordUse(id: string, counter: number, backedUp: boolean, at: Date): Promise<boolean> {
    const passkey = this.passkeys.get(id);
    if (!passkey || !(passkey.counter < counter || (passkey.counter === 0 && counter === 0))) return false;
    Object.assign(passkey, { counter, backedUp, lastUsedAt: at });
    return true;
  }
}

export class InMemoryPasskeyChallengeRepository extends PasskeyChallengeRepository {
  readonly challenges = new Map<string, PasskeyChallenge>();

  async create(challenge: PasskeyChallenge, now: Date): Promise<void> {
    for (const [id, c] of this.challenges) if (c.expiresAt < now) this.challenges.delete(id);
    this.challenges.set(challenge.id, structuredClone(challenge));
  }
  async consumeById(id: string, now: Date): Promise<PasskeyChallenge | null> {
    return this.take(
      [...this.challenges.values()].find((c) => c.id === id),
      now,
    );
  }
  async consumeRegistration(userId: string, challenge: string, now: Date): Promise<PasskeyChallenge | null> {
    const found = [...this.challenges.values()].find(
      (c) => c.purpose === 'registration' && c.userId === userId && c.challenge === challenge,
    );
    return this.take(found, now);
  }
  private take(challenge: PasskeyChallenge | undefined, now: Date): PasskeyChallenge | null {
    if (!challenge) return null;
    this.challenges.delete(challenge.id);
    return challenge.expiresAt > now ? challenge : null;
  }
}

/**
 * WebAuthn without a browser: a "response" is `{ id, challenge, counter, valid }`, which verifies when `valid` is
 * not false and it answers the expected challenge. What the real library checks is proven in the browser suite.
 */
export class ScriptedCeremonies extends WebAuthnCeremonies {
  private issued = 0;

  async registrationOptions(input: { user: { id: string }; exclude: CredentialDescriptor[] }) {
    const challenge = `registration-${++this.issued}`;
    return { options: { challenge, user: { id: input.user.id }, excludeCredentials: input.exclude }, challenge };
  }
  async verifyRegistration(response: WebAuthnJson, challenge: string): Promise<VerifiedCredential | null> {
    if (response.valid === false || response.challenge !== challenge) return null;
    return {
      credentialId: String(response.id),
      publicKey: 'public-key',
      counter: Number(response.counter ?? 0),
      transports: ['internal'],
      deviceType: 'multiDevice',
      backedUp: true,
    };
  }
  async authenticationOptions(allow: CredentialDescriptor[]) {
    const challenge = `authentication-${++this.issued}`;
    return { options: { challenge, allowCredentials: allow }, challenge };
  }
  async verifyAuthentication(response: WebAuthnJson, challenge: string) {
    if (response.valid === false || response.challenge !== challenge) return null;
    return { counter: Number(response.counter ?? 0), backedUp: true };
  }
  challengeOf(response: WebAuthnJson): string | null {
    return typeof response.challenge === 'string' ? response.challenge : null;
  }
  credentialIdOf(response: WebAuthnJson): string | null {
    return typeof response.id === 'string' ? response.id : null;
  }
}
