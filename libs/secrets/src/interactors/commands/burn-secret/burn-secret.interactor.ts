import { Injectable } from '@nestjs/common';
import { AuditLog, Clock, DomainMeter, NotFoundError } from '@keyward/kernel';
import { SecretRepository } from '../../../domain/ports';

/** The creator destroys a secret before it is read. Burning one already gone changes nothing. */
@Injectable()
export class BurnSecretInteractor {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly meter: DomainMeter,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { creatorId: string; id: string }): Promise<void> {
    const secret = await this.secrets.findForCreator(command.creatorId, command.id);
    if (!secret) throw new NotFoundError('Secret');
    if (!(await this.secrets.burn(secret.id, this.clock.now()))) return;
    this.meter.secretChanged('burned');
    await this.audit.record({
      actorId: command.creatorId,
      action: 'secret.burned',
      targetType: 'secret',
      targetId: secret.id,
      details: {},
    });
  }
}
