import path from 'node:path';
import { z } from 'zod';
import { PlatformConfig, variable, VariableValues } from '@keyward/core';

const { int } = variable;

/** Where mail goes: an SMTP server, or `.eml` files in a folder (the embedded default). */
export type MailTransportConfig = { kind: 'smtp'; url: string } | { kind: 'outbox'; folder: string };

/**
 * Identity's account mails: password reset and email verification. Links are `{PUBLIC_URL}{ROOT_PATH}/...`;
 * without SMTP_URL, mails are written to the data folder's `outbox/`.
 */
export class AccountMailConfig {
  static readonly variables = {
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'expected smtp://[user:pass@]host:port or smtps://...')
      .optional(),
    MAIL_FROM: z.string().min(3).default('keyward@localhost'),
    PASSWORD_RESET_TOKEN_TTL: int(60, 86400).default(3600),
    EMAIL_VERIFICATION_TOKEN_TTL: int(60, 604800).default(86400),
    RATE_LIMIT_PASSWORD_FORGOT_PER_IP: int(1, 100000).default(20),
    RATE_LIMIT_PASSWORD_FORGOT_PER_ACCOUNT: int(1, 100000).default(3),
  };

  static fromVariables(values: VariableValues<typeof AccountMailConfig.variables>, platform: PlatformConfig) {
    return new AccountMailConfig({
      transport: values.SMTP_URL
        ? { kind: 'smtp', url: values.SMTP_URL }
        : { kind: 'outbox', folder: path.join(platform.runtime.dataDir, 'outbox') },
      from: values.MAIL_FROM,
      linkBase: `${platform.http.publicUrl}${platform.http.rootPath}`,
      resetTokenTtlSeconds: values.PASSWORD_RESET_TOKEN_TTL,
      verificationTokenTtlSeconds: values.EMAIL_VERIFICATION_TOKEN_TTL,
      forgotLimits: platform.rateLimit.enabled
        ? {
            perIp: values.RATE_LIMIT_PASSWORD_FORGOT_PER_IP,
            perAccount: values.RATE_LIMIT_PASSWORD_FORGOT_PER_ACCOUNT,
            windowSeconds: 3600,
          }
        : null,
    });
  }

  declare readonly transport: MailTransportConfig;
  declare readonly from: string;
  /** PUBLIC_URL followed by ROOT_PATH, without a trailing slash: links are `${linkBase}/password/reset?token=`. */
  declare readonly linkBase: string;
  declare readonly resetTokenTtlSeconds: number;
  declare readonly verificationTokenTtlSeconds: number;
  /**
   * Password-reset requests per client IP (past it: 429) and mails per account (past it: still 202, no mail), per
   * hour; null when rate limiting is off.
   */
  declare readonly forgotLimits: { perIp: number; perAccount: number; windowSeconds: number } | null;

  constructor(fields: AccountMailConfig) {
    Object.assign(this, fields);
  }
}
