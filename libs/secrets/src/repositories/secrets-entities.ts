import { SecretEntity } from './secret.entity';

export const secretsEntities = [SecretEntity];
