import { ApiKeyEntity } from './api-key.entity';
import { EmailTokenEntity } from './email-token.entity';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';

export const identityEntities = [UserEntity, UserRoleEntity, ApiKeyEntity, EmailTokenEntity];
