import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';

/** The parts of commander's Command used here (commander itself is nest-commander's dependency, not ours). */
interface Program {
  name(name: string): unknown;
  description(text: string): unknown;
  addHelpText(position: 'after', text: string): unknown;
  exitOverride(): unknown;
  readonly commands: readonly Program[];
}

/**
 * Names the program in --help and makes commander throw instead of calling process.exit (on --help, an unknown
 * command, a missing argument...), so that main.ts closes the application and chooses the exit code.
 * Runs after nest-commander has registered the commands (onModuleInit) and before it parses the arguments.
 */
@Injectable()
export class ProgramSetup implements OnApplicationBootstrap {
  constructor(@InjectCommander() private readonly program: Program) {}

  onApplicationBootstrap(): void {
    this.program.name('keyward');
    this.program.description(
      'Keyward administration: migrations, seed data, users, database statistics and expired secrets.',
    );
    this.program.addHelpText(
      'after',
      '\nFrom a checkout: npm run cli -- <command> [options]. Configuration comes from the environment and .env.',
    );
    for (const command of [this.program, ...this.program.commands]) command.exitOverride();
  }
}
