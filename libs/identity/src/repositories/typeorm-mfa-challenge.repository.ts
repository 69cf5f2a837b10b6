import { Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import { MfaChallenge } from '../domain/mfa';
import { MfaChallengeRepository } from '../domain/mfa-ports';
import { MfaChallengeEntity } from './mfa.entities';

@Injectable()
export class TypeormMfaChallengeRepository extends MfaChallengeRepository {
  private readonly challenges: Repository<MfaChallengeEntity>;

  constructor(dataSource: DataSource) {
    super();
    this.challenges = dataSource.getRepository(MfaChallengeEntity);
  }

  async create(challenge: MfaChallenge): Promise<void> {
    await this.challenges.insert({ ...challenge });
  }

  async find(tokenHash: string, now: Date): Promise<MfaChallenge | null> {
    const row = await this.challenges.findOneBy({ tokenHash, expiresAt: MoreThan(now) });
    return row ? { tokenHash: row.tokenHash, userId: row.userId, expiresAt: row.expiresAt } : null;
  }

  async consume(tokenHash: string): Promise<boolean> {
    const result = await this.challenges.delete({ tokenHash });
    return (result.affected ?? 0) > 0;
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.challenges.delete({ expiresAt: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }
}
