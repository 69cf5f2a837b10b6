import { ApiKeyEntity } from './api-key.entity';
import { MfaChallengeEntity, MfaRecoveryCodeEntity, MfaTotpEntity } from './mfa.entities';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';

export const identityEntities = [
  UserEntity,
  UserRoleEntity,
  ApiKeyEntity,
  MfaTotpEntity,
  MfaRecoveryCodeEntity,
  MfaChallengeEntity,
];
