import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { loadConfig } from './load-config';

// Global by convention: every module reads its settings from it.
@Global()
@Module({})
export class ConfigModule {
  /** Provides the given configuration, or the one read from the environment and `.env`. */
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
