import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError, runInRequestContext } from '@keyward/core';
import { loadServiceConfig, ServiceConfig } from '../../api/src/service-config';
import { describeFailure, isCommanderFailure } from './cli-error';
import { CliLogger, isDetailed } from './cli-logger';
import { CliModule, configForCommand } from './cli.module';

/** EX_CONFIG from sysexits.h, as the API uses for configuration errors. */
const EXIT_CONFIG = 78;

// `npm run cli -- db:stats | head -1`: a reader that goes away early must not crash the command half-way.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});

/** Runs the command named in argv; resolves to the exit code. Output on stdout, failures on stderr. */
async function main(argv: readonly string[]): Promise<number> {
  let config: ServiceConfig;
  try {
    config = loadServiceConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_CONFIG;
  }
  const detailed = isDetailed(config.log.level);
  let failure: unknown;
  try {
    // Creates the application context (connects, maybe migrates), parses argv, runs the command and closes the
    // context, which destroys the DataSource and quits Redis.
    // Audit events recorded by a command (user:add) say they came from the command line.
    await runInRequestContext({ requestId: null, ip: null, via: 'cli' }, () =>
      CommandFactory.run(CliModule.forRoot(configForCommand(config, argv)), {
        logger: new CliLogger(config.log.level),
        abortOnError: false,
        cliName: 'keyward',
        serviceErrorHandler: (error) => {
          failure = error;
        },
      }),
    );
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) return 0;
  // Commander has already printed its message (or the help); it knows the exit code.
  if (isCommanderFailure(failure)) return failure.exitCode;
  process.stderr.write(`${describeFailure(failure, detailed)}\n`);
  return 1;
}

/**
 * Exits once what was written to stdout and stderr has been handed to the OS (pipe writes can be asynchronous).
 * Explicitly: a connection left open by a failed start (a pool the context never got to close) must not keep
 * the process alive.
 */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv).then(exitAfterFlush, (error: unknown) => {
  // Configuration could not be read (e.g. an unreadable .env): LOG_LEVEL is all there is to go by.
  process.stderr.write(`${describeFailure(error, isDetailed(process.env.LOG_LEVEL ?? ''))}\n`);
  exitAfterFlush(1);
});
