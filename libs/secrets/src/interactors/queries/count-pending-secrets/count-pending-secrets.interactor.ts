import { Injectable } from '@nestjs/common';
import { Clock } from '@keyward/kernel';
import { SecretRepository } from '../../../domain/ports';

/** How many secrets, of every creator, are still waiting to be revealed (the admin panel's dashboard). */
@Injectable()
export class CountPendingSecretsInteractor {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
  ) {}

  execute(): Promise<number> {
    return this.secrets.countPending(this.clock.now());
  }
}
