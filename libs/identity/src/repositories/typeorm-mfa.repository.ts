import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Repository } from 'typeorm';
import { TotpFactor } from '../domain/mfa';
import { MfaRepository } from '../domain/mfa-ports';
import { MfaRecoveryCodeEntity, MfaTotpEntity } from './mfa.entities';

@Injectable()
export class TypeormMfaRepository extends MfaRepository {
  private readonly totp: Repository<MfaTotpEntity>;
  private readonly codes: Repository<MfaRecoveryCodeEntity>;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.totp = dataSource.getRepository(MfaTotpEntity);
    this.codes = dataSource.getRepository(MfaRecoveryCodeEntity);
  }

  async findTotp(userId: string): Promise<TotpFactor | null> {
    const row = await this.totp.findOneBy({ userId });
    return row ? { ...row } : null;
  }

  async savePendingTotp(factor: TotpFactor): Promise<boolean> {
    // Replace a pending enrolment, never an enabled factor; the insert fails on a concurrent one.
    await this.totp.delete({ userId: factor.userId, enabledAt: IsNull() });
    try {
      await this.totp.insert({
        userId: factor.userId,
        encryptedSecret: factor.encryptedSecret,
        enabledAt: null,
        lastUsedStep: null,
        createdAt: factor.createdAt,
      });
      return true;
    } catch (error) {
      if (await this.totp.existsBy({ userId: factor.userId })) return false;
      throw error;
    }
  }

  async enableTotp(userId: string, at: Date): Promise<boolean> {
    const result = await this.totp.update({ userId, enabledAt: IsNull() }, { enabledAt: at });
    return (result.affected ?? 0) > 0;
  }

  async useStep(userId: string, step: number): Promise<boolean> {
    // One conditional UPDATE, so two requests with the same code cannot both succeed.
    const result = await this.totp
      .createQueryBuilder()
      .update()
      .set({ lastUsedStep: step })
      .where('user_id = :userId', { userId })
      .andWhere('(last_used_step IS NULL OR last_used_step < :step)', { step })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async deleteTotp(userId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(MfaRecoveryCodeEntity, { userId });
      await manager.delete(MfaTotpEntity, { userId });
    });
  }

  async replaceRecoveryCodes(userId: string, hashes: string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(MfaRecoveryCodeEntity, { userId });
      await manager.insert(
        MfaRecoveryCodeEntity,
        hashes.map((codeHash) => ({ userId, codeHash })),
      );
    });
  }

  async useRecoveryCode(userId: string, hash: string): Promise<boolean> {
    const result = await this.codes.delete({ userId, codeHash: hash });
    return (result.affected ?? 0) > 0;
  }

  countRecoveryCodes(userId: string): Promise<number> {
    return this.codes.countBy({ userId });
  }
}
