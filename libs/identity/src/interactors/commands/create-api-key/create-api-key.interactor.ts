import { Injectable } from '@nestjs/common';
import {
  AccessDirectory,
  Actor,
  actorIdOf,
  AuditLog,
  Clock,
  GrantGuard,
  Random,
  ValidationFailedError,
} from '@keyward/kernel';
import { ApiKey, ApiKeyView, newApiKeySecret, toApiKeyView } from '../../../domain/api-key';
import { ApiKeyRepository, UserRepository } from '../../../domain/ports';
import { User } from '../../../domain/user';
import { requireUserActedOnBy } from '../../shared/users';

export interface CreateApiKeyCommand {
  actor: Actor;
  userId: string;
  name: string;
  expiresAt?: Date | null;
  /** The key's scope; null or absent: all of the owner's permissions, whatever they are at each request. */
  permissions?: string[] | null;
}

/**
 * The key itself is returned here and never again: only its hash is kept. A key for another account acts as that
 * account, so the grant rule applies to it (see GrantGuard.assertMayActOn), and its scope is handed out like a
 * role: the actor must hold every permission in it (GrantGuard.assertMayGrant).
 */
@Injectable()
export class CreateApiKeyInteractor {
  constructor(
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly grants: GrantGuard,
    private readonly access: AccessDirectory,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: CreateApiKeyCommand): Promise<ApiKeyView & { key: string }> {
    const owner = await requireUserActedOnBy(command.actor, this.users, this.grants, command.userId);
    const now = this.clock.now();
    if (command.expiresAt && command.expiresAt <= now) {
      throw new ValidationFailedError('expiresAt must be in the future', [
        { field: 'expiresAt', message: 'must be in the future' },
      ]);
    }
    const permissions = command.permissions ? [...new Set(command.permissions)].sort() : null;
    await this.assertMayScope(command.actor, owner, permissions);
    const secret = newApiKeySecret(this.random.token(32));
    const apiKey: ApiKey = {
      id: this.random.uuid(),
      userId: command.userId,
      name: command.name.trim(),
      prefix: secret.prefix,
      keyHash: secret.keyHash,
      active: true,
      createdAt: now,
      lastUsedAt: null,
      expiresAt: command.expiresAt ?? null,
      permissions,
    };
    await this.keys.create(apiKey);
    await this.audit.record({
      actorId: actorIdOf(command.actor),
      action: 'api-key.created',
      targetType: 'api-key',
      targetId: apiKey.id,
      details: {
        userId: apiKey.userId,
        name: apiKey.name,
        expiresAt: apiKey.expiresAt?.toISOString() ?? null,
        permissions,
      },
    });
    return { ...toApiKeyView(apiKey), key: secret.key };
  }

  /**
   * Unknown names are refused by name. An unscoped key hands out everything its owner holds, which matters when
   * the actor is itself a scoped key (a key limited to signing must not mint an unlimited one).
   */
  private async assertMayScope(actor: Actor, owner: User, permissions: string[] | null): Promise<void> {
    if (permissions) {
      const unknown = await this.access.unknownPermissions(permissions);
      if (unknown.length) {
        throw new ValidationFailedError(`Unknown permission: ${unknown.join(', ')}`, [
          { field: 'permissions', message: `unknown permission: ${unknown.join(', ')}` },
        ]);
      }
    }
    await this.grants.assertMayGrant(actor, permissions ?? (await this.access.permissionsOf(owner.id, owner.roles)));
  }
}
