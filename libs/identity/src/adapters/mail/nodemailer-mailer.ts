import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { MailTransportConfig } from '../../account-mail.config';
import { Mail, Mailer } from '../../domain/email-token';

/**
 * Sends mail through nodemailer: to the SMTP server of SMTP_URL (credentials from the URL), or, without one, as
 * `.eml` files in the outbox folder (nodemailer's stream transport renders the same message it would send). One
 * log line per mail names the recipient, the subject and the file or message id; never the body, which holds a
 * link with a token.
 */
export class NodemailerMailer extends Mailer {
  private readonly logger = new Logger('Mail');
  // Made at the first mail, with nodemailer loaded only then: it was a few percent of the service's start.
  private transporter: Promise<Transporter> | null = null;

  constructor(
    private readonly transport: MailTransportConfig,
    private readonly from: string,
  ) {
    super();
  }

  private transporterOf(): Promise<Transporter> {
    this.transporter ??= import('nodemailer').then(({ createTransport }) =>
      this.transport.kind === 'smtp'
        ? createTransport(smtpOptions(this.transport.url))
        : createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
    );
    return this.transporter;
  }

  async send(mail: Mail): Promise<void> {
    const transporter = await this.transporterOf();
    const info = await transporter.sendMail({ from: this.from, ...mail });
    if (this.transport.kind === 'smtp') {
      this.logger.log(`mail sent to ${mail.to}: "${mail.subject}" (${String(info.messageId)})`);
      return;
    }
    const folder = this.transport.folder;
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`);
    // 0600: the file holds a working link until it expires.
    await writeFile(file, info.message as Buffer, { mode: 0o600 });
    this.logger.log(`mail to ${mail.to}: "${mail.subject}" written to ${file}`);
  }

  close(): void {
    // A transporter that failed to load has nothing to close (its send already reported the error).
    this.transporter?.then((transporter) => transporter.close()).catch(() => undefined);
  }
}

/**
 * smtp://user:pass@host:port (STARTTLS when the server offers it) or smtps:// (TLS from the start, port 465), with
 * timeouts short enough that a request waiting on a mail server that does not answer fails rather than hangs.
 */
export function smtpOptions(url: string) {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    auth: parsed.username
      ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
      : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}
