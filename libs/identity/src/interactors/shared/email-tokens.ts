import { Injectable } from '@nestjs/common';
import { Clock, Random, sha256Hex } from '@keyward/kernel';
import { EmailToken, EmailTokenPurpose, EmailTokenRepository } from '../../domain/email-token';
import { InvalidTokenError } from '../../domain/identity-errors';
import { UserRepository } from '../../domain/ports';
import { User } from '../../domain/user';

/** 256 random bits: far above the 128 the contract asks, and nothing to guess with the hash alone. */
const TOKEN_BYTES = 32;

/**
 * Issues and redeems the single-use tokens that mailed links carry. Only the SHA-256 is stored; a new token drops
 * the user's older ones of the same purpose; unknown, used, expired and orphaned tokens all fail the same way.
 */
@Injectable()
export class EmailTokens {
  constructor(
    private readonly tokens: EmailTokenRepository,
    private readonly users: UserRepository,
    private readonly random: Random,
    private readonly clock: Clock,
  ) {}

  async issue(user: User, purpose: EmailTokenPurpose, ttlSeconds: number): Promise<string> {
    const token = this.random.token(TOKEN_BYTES);
    const now = this.clock.now();
    await this.tokens.replace({
      id: this.random.uuid(),
      userId: user.id,
      purpose,
      tokenHash: sha256Hex(token),
      email: user.email,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    });
    return token;
  }

  /**
   * The valid token and its active account, still unused (call `consume` once the rest of the work is known to
   * succeed). A token mailed to another address than the account's current one is no longer valid.
   */
  async find(purpose: EmailTokenPurpose, token: string): Promise<{ record: EmailToken; user: User }> {
    const record = await this.tokens.findByHash(purpose, sha256Hex(token));
    if (!record || record.expiresAt.getTime() <= this.clock.now().getTime()) throw new InvalidTokenError();
    const user = await this.users.findById(record.userId);
    if (!user || !user.active || user.email !== record.email) throw new InvalidTokenError();
    return { record, user };
  }

  /** Uses the token up; only one of several concurrent requests gets past this. */
  async consume(record: EmailToken): Promise<void> {
    if (!(await this.tokens.consume(record.id))) throw new InvalidTokenError();
  }
}
