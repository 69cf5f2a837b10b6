import { isEmail } from 'class-validator';
import { Command, CommandRunner, Help, Option } from 'nest-commander';
import {
  DEFAULT_ROLE,
  EmailTakenError,
  normalizeEmail,
  RegisterUserInteractor,
  UnknownRoleError,
  UserRepository,
} from '@keyward/identity';
import { AccessDirectory, SYSTEM_ACTOR, ValidationFailedError } from '@keyward/kernel';
import { CliError } from '../cli-error';
import { Terminal } from '../terminal';

interface UserAddOptions {
  email?: string;
  role?: string[];
  name?: string;
}

@Command({
  name: 'user:add',
  description: 'Create a user; asks for the password, or reads it from stdin',
})
export class UserAddCommand extends CommandRunner {
  constructor(
    private readonly register: RegisterUserInteractor,
    private readonly users: UserRepository,
    private readonly access: AccessDirectory,
    private readonly terminal: Terminal,
  ) {
    super();
  }

  @Option({ flags: '-e, --email <email>', description: 'email address of the new user' })
  parseEmail(value: string): string {
    return value;
  }

  @Option({
    flags: '-r, --role <role>',
    description: `role to grant; repeatable or comma-separated (default: ${DEFAULT_ROLE})`,
  })
  parseRole(value: string, previous?: string[]): string[] {
    return [...(previous ?? []), ...value.split(',').map((role) => role.trim())];
  }

  @Option({ flags: '-n, --name <name>', description: 'display name' })
  parseName(value: string): string {
    return value;
  }

  @Help('after')
  usage(): string {
    return [
      '',
      'Without --email, asks for the email, then twice for the password (hidden). With --email and stdin not a',
      'terminal, reads the password from the first line of stdin:',
      "  echo 'a long passphrase' | npm run cli -- user:add --email grace@example.com --role admin,user",
      'The password policy of the API applies.',
    ].join('\n');
  }

  async run(_params: string[], options: UserAddOptions = {}): Promise<void> {
    // Checked before asking anything, so that a typo does not cost a password prompt.
    const roles = [...new Set((options.role ?? [DEFAULT_ROLE]).filter(Boolean))];
    if (roles.length === 0) throw new ValidationFailedError('--role needs at least one role name');
    const unknown = await this.access.unknownRoles(roles);
    if (unknown.length > 0) throw new UnknownRoleError(unknown);

    let email = options.email;
    if (email === undefined) {
      if (!this.terminal.interactive) {
        throw new CliError('--email is required when stdin is not a terminal (the password is then read from stdin)');
      }
      email = await this.terminal.ask('Email: ');
    }
    email = email.trim();
    if (!isEmail(email)) throw new ValidationFailedError(`"${email}" is not an email address`);
    // Also enforced when the user is saved; asked here first so that nobody types a password for nothing.
    if (await this.users.findByEmail(normalizeEmail(email))) throw new EmailTakenError();

    const password = await this.readPassword();
    // Whoever runs the CLI on the server is trusted with any role, as the service itself is.
    const creator = { actor: SYSTEM_ACTOR, roles };
    const user = await this.register.execute({ email, password, name: options.name, creator });
    this.terminal.print(`created user ${user.id} ${user.email} (roles: ${[...user.roles].sort().join(', ')})`);
  }

  private async readPassword(): Promise<string> {
    if (!this.terminal.interactive) {
      const line = await this.terminal.readFirstLine();
      if (!line) throw new CliError('no password on stdin: pipe it in as the first line');
      return line;
    }
    const password = await this.terminal.askHidden('Password: ');
    const repeated = await this.terminal.askHidden('Repeat the password: ');
    if (password !== repeated) throw new CliError('the passwords do not match');
    return password;
  }
}
