import { Injectable } from '@nestjs/common';
import { AccessDirectory, Actor } from '@keyward/kernel';
import { ApiKeyView } from '../../../domain/api-key';
import { UnknownRoleError } from '../../../domain/identity-errors';
import { UserRepository } from '../../../domain/ports';
import { DEFAULT_ROLE } from '../../../domain/roles';
import { toUserView, UserView } from '../../../domain/user';
import { CreateApiKeyInteractor } from '../create-api-key/create-api-key.interactor';
import { RegisterUserInteractor } from '../register-user/register-user.interactor';

export interface CreateUserCommand {
  actor: Actor;
  email: string;
  password: string;
  name?: string | null;
  roles?: string[];
}

/**
 * Administrative creation: the account plus a first API key, whose secret is returned this once. The roles are
 * handed out by the actor, so the grant rule applies (see RegisterUserInteractor).
 */
@Injectable()
export class CreateUserInteractor {
  constructor(
    private readonly register: RegisterUserInteractor,
    private readonly createApiKey: CreateApiKeyInteractor,
    private readonly users: UserRepository,
    private readonly access: AccessDirectory,
  ) {}

  async execute(
    command: CreateUserCommand,
  ): Promise<UserView & { apiKey: Pick<ApiKeyView, 'id' | 'name' | 'prefix'> & { key: string } }> {
    const roles = [...new Set(command.roles ?? [DEFAULT_ROLE])];
    const unknown = await this.access.unknownRoles(roles);
    if (unknown.length) throw new UnknownRoleError(unknown);
    const { actor, ...account } = command;
    const user = await this.register.execute({ ...account, creator: { actor, roles } });
    let key;
    try {
      key = await this.createApiKey.execute({ actor, userId: user.id, name: 'default' });
    } catch (error) {
      // The response must carry the first key; without it the account is removed so the call can be retried.
      await this.users.delete(user.id);
      throw error;
    }
    return { ...toUserView(user), apiKey: { id: key.id, name: key.name, prefix: key.prefix, key: key.key } };
  }
}
