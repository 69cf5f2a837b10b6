import { coreEntities, DataSourceParts } from '@keyward/core';
import { accessEntities } from '@keyward/access';
import { auditEntities } from '@keyward/audit';
import { identityEntities } from '@keyward/identity';
import { secretsEntities } from '@keyward/secrets';
import { migrations } from '../../../migrations';

/** Every TypeORM entity and migration of the composed service (used by the API, the CLI and the tests). */
export const persistence: DataSourceParts = {
  entities: [...coreEntities, ...identityEntities, ...accessEntities, ...secretsEntities, ...auditEntities],
  migrations,
};
