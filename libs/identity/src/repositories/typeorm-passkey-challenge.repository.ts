import { Injectable } from '@nestjs/common';
import { DataSource, FindOptionsWhere, LessThan, Repository } from 'typeorm';
import { isForeignKeyViolation } from '@keyward/core';
import { NotFoundError } from '@keyward/kernel';
import { PasskeyChallenge } from '../domain/passkey';
import { PasskeyChallengeRepository } from '../domain/passkey-ports';
import { PasskeyChallengeEntity } from './passkey-challenge.entity';

@Injectable()
export class TypeormPasskeyChallengeRepository extends PasskeyChallengeRepository {
  private readonly challenges: Repository<PasskeyChallengeEntity>;

  constructor(dataSource: DataSource) {
    super();
    this.challenges = dataSource.getRepository(PasskeyChallengeEntity);
  }

  async create(challenge: PasskeyChallenge, now: Date): Promise<void> {
    await this.challenges.delete({ expiresAt: LessThan(now) });
    try {
      await this.challenges.insert({ ...challenge });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new NotFoundError('User');
      throw error;
    }
  }

  consumeById(id: string, now: Date): Promise<PasskeyChallenge | null> {
    return this.consume({ id }, now);
  }

  consumeRegistration(userId: string, challenge: string, now: Date): Promise<PasskeyChallenge | null> {
    return this.consume({ userId, challenge, purpose: 'registration' }, now);
  }

  /** Read, then delete by id: of concurrent consumers only the one whose delete removed the row gets it. */
  private async consume(where: FindOptionsWhere<PasskeyChallengeEntity>, now: Date): Promise<PasskeyChallenge | null> {
    const row = await this.challenges.findOneBy(where);
    if (!row) return null;
    const deleted = await this.challenges.delete({ id: row.id });
    if ((deleted.affected ?? 0) === 0 || row.expiresAt <= now) return null;
    const { id, purpose, challenge, userId, forAccount, expiresAt } = row;
    return { id, purpose, challenge, userId, forAccount, expiresAt };
  }
}
