import { Argon2Config, PlatformConfig, variable, VariableValues } from '@keyward/core';

const { int, bool } = variable;

/** One-time secrets' settings: size, anonymous creation, purge and receipts, and the cost of their key derivation. */
export class SecretsConfig {
  static readonly variables = {
    SECRETS_MAX_BYTES: int(1, 16777216).default(65536),
    SECRETS_ANONYMOUS: bool.default(true),
    SECRETS_PURGE_INTERVAL_SECONDS: int(1, 86400).default(60),
    SECRETS_RECEIPT_RETENTION_DAYS: int(0, 3650).default(30),
  };

  static fromVariables(values: VariableValues<typeof SecretsConfig.variables>, platform: PlatformConfig) {
    return new SecretsConfig({
      maxBytes: values.SECRETS_MAX_BYTES,
      anonymous: values.SECRETS_ANONYMOUS,
      purgeIntervalSeconds: values.SECRETS_PURGE_INTERVAL_SECONDS,
      receiptRetentionDays: values.SECRETS_RECEIPT_RETENTION_DAYS,
      argon2: platform.argon2,
    });
  }

  /** Largest secret, in UTF-8 bytes. */
  declare readonly maxBytes: number;
  /** Whether unauthenticated clients may create secrets. */
  declare readonly anonymous: boolean;
  declare readonly purgeIntervalSeconds: number;
  /** How long receipts are kept after their secret expired. */
  declare readonly receiptRetentionDays: number;
  /** The platform's Argon2id cost (ARGON2_*), the same as for passwords. */
  declare readonly argon2: Argon2Config;

  constructor(fields: SecretsConfig) {
    Object.assign(this, fields);
  }
}
