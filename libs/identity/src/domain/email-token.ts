/** What a mailed link lets its holder do. */
export type EmailTokenPurpose = 'password-reset' | 'email-verification';

/**
 * A single-use token sent by mail. Only its SHA-256 is stored; `email` is the address it went to, so that a
 * verification link proves that address and no later one.
 */
export interface EmailToken {
  id: string;
  userId: string;
  purpose: EmailTokenPurpose;
  tokenHash: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Persistence of mailed tokens. The class is the DI token. */
export abstract class EmailTokenRepository {
  /** Stores the token and drops every older one of the same user and purpose: only the latest link works. */
  abstract replace(token: EmailToken): Promise<void>;
  abstract findByHash(purpose: EmailTokenPurpose, tokenHash: string): Promise<EmailToken | null>;
  /** Deletes the token; false when it was already gone (used by a concurrent request): only one use wins. */
  abstract consume(id: string): Promise<boolean>;
  abstract deleteForUser(userId: string, purpose: EmailTokenPurpose): Promise<void>;
}

/** One outgoing mail, in plain text and HTML. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends mail (SMTP, or files in the outbox). The class is the DI token. */
export abstract class Mailer {
  abstract send(mail: Mail): Promise<void>;
}
