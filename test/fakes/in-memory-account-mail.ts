import { EmailToken, EmailTokenPurpose, EmailTokenRepository, Mail, Mailer } from '@keyward/identity';

export class InMemoryEmailTokenRepository extends EmailTokenRepository {
  readonly rows = new Map<string, EmailToken>();

  async replace(token: EmailToken): Promise<void> {
    await this.deleteForUser(token.userId, token.purpose);
    this.rows.set(token.id, { ...token });
  }
  async findByHash(purpose: EmailTokenPurpose, tokenHash: string): Promise<EmailToken | null> {
    const row = [...this.rows.values()].find((r) => r.purpose === purpose && r.tokenHash === tokenHash);
    return row ? { ...row } : null;
  }
  async consume(id: string): Promise<boolean> {
    return this.rows.delete(id);
  }
  async deleteForUser(userId: string, purpose: EmailTokenPurpose): Promise<void> {
    for (const [id, row] of this.rows) if (row.userId === userId && row.purpose === purpose) this.rows.delete(id);
  }
}

/** Keeps every mail; `tokenOf` reads the token of a mail's link as the recipient would. */
export class RecordingMailer extends Mailer {
  readonly sent: Mail[] = [];
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }
  tokenOf(mail: Mail): string {
    return new URL(/https?:\/\/\S+/.exec(mail.text)![0]).searchParams.get('token')!;
  }
}
