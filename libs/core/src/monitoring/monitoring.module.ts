import { Module, OnApplicationShutdown } from '@nestjs/common';
import { LoadedSlices, provideConfigSlice } from '../config/config-slice';
import { MonitoringConfig, RuntimeConfig } from '../config/platform-config';
import { ErrorReporter, NoErrorReporter } from './error-reporter';
import { SentryReporter } from './sentry-reporter';

/** The ErrorReporter: Sentry when SENTRY_DSN is set, else nothing (Sentry is then neither loaded nor initialised). */
@Module({
  providers: [
    provideConfigSlice(MonitoringConfig),
    {
      provide: ErrorReporter,
      inject: [MonitoringConfig, LoadedSlices],
      useFactory: (config: MonitoringConfig, slices: LoadedSlices): Promise<ErrorReporter> | ErrorReporter =>
        config.sentryDsn
          ? SentryReporter.start(config.sentryDsn, slices.get(RuntimeConfig).env)
          : new NoErrorReporter(),
    },
  ],
  exports: [ErrorReporter],
})
export class MonitoringModule implements OnApplicationShutdown {
  constructor(private readonly reporter: ErrorReporter) {}

  /** Sends what is still queued before the process goes. */
  async onApplicationShutdown(): Promise<void> {
    if (this.reporter instanceof SentryReporter) await this.reporter.close();
  }
}
