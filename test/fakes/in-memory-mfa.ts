import { MfaChallenge, MfaChallengeRepository, MfaRepository, PasskeyCounter, TotpFactor } from '@keyward/identity';

export class InMemoryMfaRepository extends MfaRepository {
  readonly totp = new Map<string, TotpFactor>();
  readonly recoveryCodes = new Map<string, Set<string>>();

  async findTotp(userId: string): Promise<TotpFactor | null> {
    const factor = this.totp.get(userId);
    return factor ? structuredClone(factor) : null;
  }
  async savePendingTotp(factor: TotpFactor): Promise<boolean> {
    if (this.totp.get(factor.userId)?.enabledAt) return false;
    this.totp.set(factor.userId, { ...structuredClone(factor), enabledAt: null, lastUsedStep: null });
    return true;
  }
  async enableTotp(userId: string, at: Date): Promise<boolean> {
    const factor = this.totp.get(userId);
    if (!factor || factor.enabledAt) return false;
    factor.enabledAt = at;
    return true;
  }
  async useStep(userId: string, step: number): Promise<boolean> {
    const factor = this.totp.get(userId);
    if (!factor || (factor.lastUsedStep !== null && factor.lastUsedStep >= step)) return false;
    factor.lastUsedStep = step;
    return true;
  }
  async deleteTotp(userId: string): Promise<void> {
    this.totp.delete(userId);
    this.recoveryCodes.delete(userId);
  }
  async replaceRecoveryCodes(userId: string, hashes: string[]): Promise<void> {
    this.recoveryCodes.set(userId, new Set(hashes));
  }
  async useRecoveryCode(userId: string, hash: string): Promise<boolean> {
    return this.recoveryCodes.get(userId)?.delete(hash) ?? false;
  }
  async countRecoveryCodes(userId: string): Promise<number> {
    return this.recoveryCodes.get(userId)?.size ?? 0;
  }
}

export class InMemoryMfaChallengeRepository extends MfaChallengeRepository {
  readonly challenges = new Map<string, MfaChallenge>();

  async create(challenge: MfaChallenge): Promise<void> {
    this.challenges.set(challenge.tokenHash, { ...challenge });
  }
  async find(tokenHash: string, now: Date): Promise<MfaChallenge | null> {
    const challenge = this.challenges.get(tokenHash);
    return challenge && challenge.expiresAt > now ? { ...challenge } : null;
  }
  async consume(tokenHash: string): Promise<boolean> {
    return this.challenges.delete(tokenHash);
  }
  async purgeExpired(now: Date): Promise<number> {
    let purged = 0;
    for (const [hash, challenge] of this.challenges)
      if (challenge.expiresAt <= now && this.challenges.delete(hash)) purged += 1;
    return purged;
  }
}

export class FixedPasskeyCounter extends PasskeyCounter {
  readonly counts = new Map<string, number>();
  async countFor(userId: string): Promise<number> {
    return this.counts.get(userId) ?? 0;
  }
}
