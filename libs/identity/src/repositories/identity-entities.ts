import { ApiKeyEntity } from './api-key.entity';
import { TokenSigningKeyEntity } from './token-signing-key.entity';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';

export const identityEntities = [UserEntity, UserRoleEntity, ApiKeyEntity, TokenSigningKeyEntity];
