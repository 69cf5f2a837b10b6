import { ApiKeyEntity } from './api-key.entity';
import { EmailTokenEntity } from './email-token.entity';
import { MfaChallengeEntity, MfaRecoveryCodeEntity, MfaTotpEntity } from './mfa.entities';
import { PasskeyChallengeEntity } from './passkey-challenge.entity';
import { PasskeyEntity } from './passkey.entity';
import { TokenSigningKeyEntity } from './token-signing-key.entity';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';

export const identityEntities = [
  UserEntity,
  UserRoleEntity,
  ApiKeyEntity,
  MfaTotpEntity,
  MfaRecoveryCodeEntity,
  MfaChallengeEntity,
  PasskeyEntity,
  PasskeyChallengeEntity,
  EmailTokenEntity,
  TokenSigningKeyEntity,
];
