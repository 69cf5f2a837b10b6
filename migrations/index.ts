import { CreateSessions1763700000000 } from './1763700000000-create-sessions';
import { CreateIdentity1763700001000 } from './1763700001000-create-identity';
import { CreateSecrets1763700002000 } from './1763700002000-create-secrets';
import { CreateAccess1763700003000 } from './1763700003000-create-access';
import { CreateAudit1763700004000 } from './1763700004000-create-audit';
import { ChainAuditEvents1763700011000 } from './1763700011000-chain-audit-events';
import { CreateTokenSigningKeys1763700012000 } from './1763700012000-create-token-signing-keys';
import { CreateMfa1763700013000 } from './1763700013000-create-mfa';
import { CreatePasskeys1763700014000 } from './1763700014000-create-passkeys';
import { EmailVerification1763700015000 } from './1763700015000-email-verification';
import { ScopeApiKeys1763700016000 } from './1763700016000-scope-api-keys';

// Every migration, in order. Listed explicitly so the build and the tests need no file globbing.
export const migrations: Function[] = [
  CreateSessions1763700000000,
  CreateIdentity1763700001000,
  CreateSecrets1763700002000,
  CreateAccess1763700003000,
  CreateAudit1763700004000,
  ChainAuditEvents1763700011000,
  CreateTokenSigningKeys1763700012000,
  CreateMfa1763700013000,
  CreatePasskeys1763700014000,
  EmailVerification1763700015000,
  ScopeApiKeys1763700016000,
];
