import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as a test reads it: the parts, and the token of the first link in the text. */
export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  link: string;
  token: string;
}

export function readMail(parsed: ParsedMail): CaughtMail {
  const to = Array.isArray(parsed.to) ? parsed.to[0].text : (parsed.to?.text ?? '');
  const text = parsed.text ?? '';
  const link = /https?:\/\/\S+\?token=\S+/.exec(text)?.[0] ?? '';
  return {
    to,
    subject: parsed.subject ?? '',
    text,
    html: typeof parsed.html === 'string' ? parsed.html : '',
    link,
    token: link ? new URL(link).searchParams.get('token')! : '',
  };
}

/** A real SMTP server in this process, requiring the login it was started with, keeping every mail it gets. */
export class MailCatcher {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly mails: CaughtMail[],
    readonly logins: { username: string; password: string }[],
  ) {}

  static async start(credentials: { username: string; password: string }): Promise<MailCatcher> {
    const mails: CaughtMail[] = [];
    const logins: { username: string; password: string }[] = [];
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
        if (auth.username === credentials.username && auth.password === credentials.password)
          return callback(null, { user: auth.username });
        return callback(new Error('Invalid username or password'));
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            mails.push(readMail(parsed));
            callback();
          })
          .catch(callback);
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    return new MailCatcher(server, (server.server.address() as { port: number }).port, mails, logins);
  }

  /** The mails sent to `to`, oldest first. */
  to(to: string): CaughtMail[] {
    return this.mails.filter((mail) => mail.to === to);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The mails written to an outbox folder, parsed, oldest first. */
export async function readOutbox(folder: string): Promise<CaughtMail[]> {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.eml'))
    .sort();
  return Promise.all(files.map(async (name) => readMail(await simpleParser(readFileSync(path.join(folder, name))))));
}
